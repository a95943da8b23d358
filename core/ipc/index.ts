export * from './contract';
export * from './result';
export * from './roles';
export type { RendererApi } from './api';
