/**
 * The IPC contract: the only place a channel exists. Each command has a zod schema for its input
 * and its output and the roles allowed to call it; each event has a schema for its payload.
 * main registers one handler per command (a missing one is a type error), the preload exposes
 * only these keys, and the renderer's typed api is derived from here.
 */
import { z } from 'zod';
import type { CommandSpec } from './spec';
import { command, empty } from './spec';
import { authCommands } from './auth-contract';
import { departureCommands, departureEvents } from './departures-contract';
import { shiftCommands, shiftEvents } from './shift-contract';
import { syncCommands } from './sync-contract';
import { receiptCommands } from './receipts-contract';
import { setupCommands } from './setup-contract';
import { flightCommands, flightEvents } from './flights-contract';

export type { CommandSpec } from './spec';
export * from './auth-contract';
export * from './departures-contract';
export type { SetupProgress } from './setup-contract';
export * from './flights-contract';

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
  /** The post's IANA time zone: every time on screen is shown in it. */
  timeZone: z.string(),
  /** How the database key is kept: the OS key store, only a 0600 key file (the UI warns), or in memory. */
  keyProtection: z.enum(['os', 'file', 'memory']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * Whether this post can be used. `configured`: it has a post code and users (from its centre, or
 * the demo seed); false: the app shows the setup instead of the login. `demo`: demo data.
 */
export const postStatusSchema = z.object({ configured: z.boolean(), demo: z.boolean() });
export type PostStatus = z.infer<typeof postStatusSchema>;

export const commands = {
  'app.info': command({ input: empty, output: appInfoSchema, access: 'public' }),
  'post.status': command({ input: empty, output: postStatusSchema, access: 'public' }),
  ...setupCommands,
  ...authCommands,
  'sync.status': command({ input: empty, output: syncStatusSchema, access: 'authenticated' }),
  ...departureCommands,
  'audit.verify': command({
    input: empty,
    output: z.object({ ok: z.boolean(), count: z.number().int(), brokenAt: z.number().int().nullable() }),
    access: ['supervisor'],
  }),
  ...shiftCommands,
  ...syncCommands,
  ...receiptCommands,
  ...flightCommands,
} as const satisfies Record<string, CommandSpec>;

/** What a session signed in with a one-time PIN may call (besides public commands) until the PIN is changed. */
export const pinChangeCommands: ReadonlySet<string> = new Set(['auth.changePin', 'auth.logout', 'auth.heartbeat']);

export type Commands = typeof commands;
export type CommandKey = keyof Commands;
export type CommandInput<K extends CommandKey> = z.input<Commands[K]['input']>;
export type CommandParsedInput<K extends CommandKey> = z.output<Commands[K]['input']>;
export type CommandOutput<K extends CommandKey> = z.output<Commands[K]['output']>;

export const events = {
  'sync.statusChanged': syncStatusSchema,
  'session.ended': z.object({ reason: z.enum(['logout', 'idle', 'replaced', 'shutdown']) }),
  ...departureEvents,
  ...shiftEvents,
  ...flightEvents,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventKey = keyof Events;
export type EventPayload<K extends EventKey> = z.output<Events[K]>;

export const commandKeys = Object.keys(commands) as CommandKey[];
export const eventKeys = Object.keys(events) as EventKey[];

/**
 * Broadcast events a client receives before anyone signs in on it (what the login screen needs).
 * Every other broadcast goes only to signed-in clients; an event addressed to one client
 * (`session.ended`) always reaches that client.
 */
export const publicEvents: ReadonlySet<string> = new Set<string>([]);

export function isCommandKey(key: unknown): key is CommandKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(commands, key);
}
export function isEventKey(key: unknown): key is EventKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(events, key);
}

/** The Electron channel of a command or event: derived, never written by hand. */
export const channelOf = (key: CommandKey | EventKey): string => `rva:${key}`;
