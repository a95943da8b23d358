export * from './scan';
export * from './ports';
export * from './wedge';
export * from './scan-hub';
