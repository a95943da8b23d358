/**
 * The server's database: PostgreSQL through `pg` when a connection string is given, PGlite
 * (PostgreSQL compiled to WebAssembly, in-process) otherwise. Both speak the same SQL with `$1`
 * parameters; the rest of the server only sees `Storage`.
 */
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Storage extends SqlClient {
  readonly kind: 'pg' | 'pglite';
  /** Runs `fn` in one transaction (READ COMMITTED); retried on deadlock or serialization failure. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const RETRYABLE = new Set(['40001', '40P01']);

export async function createPgStorage(connectionString: string, options: { max?: number } = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the server.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'pg',
    async query<T>(text: string, params?: unknown[]) {
      const result = await pool.query(text, params as unknown[]);
      return { rows: result.rows as T[] };
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const tx: SqlClient = {
            async query<R>(text: string, params?: unknown[]) {
              const result = await client.query(text, params as unknown[]);
              return { rows: result.rows as R[] };
            },
          };
          const value = await fn(tx);
          await client.query('COMMIT');
          return value;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const code = (error as { code?: string }).code;
          if (code && RETRYABLE.has(code) && attempt < 8) {
            await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
            continue;
          }
          throw error;
        } finally {
          client.release();
        }
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** `dataDir` undefined: in memory (tests). PGlite has one connection, so transactions run one at a time. */
export async function createPgliteStorage(dataDir?: string): Promise<Storage> {
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    kind: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      const result = await db.query<T>(text, params);
      return { rows: result.rows };
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      return db.transaction(async (t) => {
        const tx: SqlClient = {
          async query<R>(text: string, params?: unknown[]) {
            const result = await t.query<R>(text, params);
            return { rows: result.rows };
          },
        };
        return fn(tx);
      });
    },
    async close() {
      await db.close();
    },
  };
}

export async function createStorage(options: { databaseUrl?: string | undefined; dataDir?: string | undefined }): Promise<Storage> {
  return options.databaseUrl ? createPgStorage(options.databaseUrl) : createPgliteStorage(options.dataDir);
}
