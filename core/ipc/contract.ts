/**
 * The IPC contract: the only place a channel exists. Each command has a zod schema for its input
 * and its output and the roles allowed to call it; each event has a schema for its payload.
 * main registers one handler per command (a missing one is a type error), the preload exposes
 * only these keys, and the renderer's typed api is derived from here.
 */
import { z } from 'zod';
import type { Access } from './roles';
import { roleSchema } from './roles';

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
}

const command = <I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>) => spec;
const empty = z.object({}).strict();

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const sessionSchema = z.object({
  user: userSchema,
  startedAt: z.number().int(),
  idleTimeoutMs: z.number().int().positive(),
});
export type Session = z.infer<typeof sessionSchema>;

export const syncStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('notConfigured') }),
  z.object({ state: z.literal('idle'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int() }),
  z.object({ state: z.literal('syncing'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int() }),
  z.object({ state: z.literal('offline'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int() }),
  z.object({ state: z.literal('error'), lastSuccessAt: z.number().int().nullable(), queueLength: z.number().int(), message: z.string() }),
]);
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const appInfoSchema = z.object({
  productName: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  post: z.object({ code: z.string(), name: z.string(), airport: z.string().nullable() }),
  deviceId: z.string(),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const pin = z.string().regex(/^\d{4,8}$/, 'pinFormat');

export const commands = {
  'app.info': command({ input: empty, output: appInfoSchema, access: 'public' }),
  'auth.session': command({ input: empty, output: sessionSchema.nullable(), access: 'public' }),
  'auth.login': command({
    input: z.object({ username: z.string().trim().min(1).max(64), pin: z.string().max(16) }).strict(),
    output: sessionSchema,
    access: 'public',
  }),
  'auth.logout': command({
    input: z.object({ reason: z.enum(['logout', 'idle']).default('logout') }).strict(),
    output: z.object({ ended: z.boolean() }),
    access: 'authenticated',
  }),
  /** Renderer activity (keys, pointer) keeps the session alive; throttled by the renderer. */
  'auth.heartbeat': command({ input: empty, output: z.object({ expiresAt: z.number().int() }), access: 'authenticated' }),
  'auth.changePin': command({
    input: z.object({ currentPin: z.string().max(16), newPin: pin }).strict(),
    output: z.object({ changed: z.literal(true) }),
    access: 'authenticated',
  }),
  'sync.status': command({ input: empty, output: syncStatusSchema, access: 'authenticated' }),
  'audit.verify': command({
    input: empty,
    output: z.object({ ok: z.boolean(), count: z.number().int(), brokenAt: z.number().int().nullable() }),
    access: ['supervisor'],
  }),
} as const satisfies Record<string, CommandSpec>;

export type Commands = typeof commands;
export type CommandKey = keyof Commands;
export type CommandInput<K extends CommandKey> = z.input<Commands[K]['input']>;
export type CommandParsedInput<K extends CommandKey> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandKey> = z.output<Commands[K]['output']>;

export const events = {
  'sync.statusChanged': syncStatusSchema,
  'session.ended': z.object({ reason: z.enum(['logout', 'idle', 'replaced', 'shutdown']) }),
  'scanner.scanned': z.object({
    source: z.enum(['wedge', 'hid', 'serial', 'camera', 'manual']),
    deviceId: z.string().optional(),
    raw: z.string().max(8192),
    at: z.number().int(),
  }),
  'scanner.deviceChanged': z.object({
    deviceId: z.string(),
    kind: z.enum(['hid', 'serial']),
    state: z.enum(['attached', 'detached', 'error']),
  }),
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventKey = keyof Events;
export type EventPayload<K extends EventKey> = z.output<Events[K]>;

export const commandKeys = Object.keys(commands) as CommandKey[];
export const eventKeys = Object.keys(events) as EventKey[];

export function isCommandKey(key: unknown): key is CommandKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(commands, key);
}
export function isEventKey(key: unknown): key is EventKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(events, key);
}

/** The Electron channel of a command or event: derived, never written by hand. */
export const channelOf = (key: CommandKey | EventKey): string => `rva:${key}`;
