import fs from 'node:fs/promises';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { ArrayRowClient } from './hot-reads.ts';
import { pgliteClient } from './pglite-wire.ts';
import { PgliteWorker } from './pglite-worker-host.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** How to reach the store: embedded PGlite (dir, memory or a template dump) or a PostgreSQL URL. */
export type StoreOptions =
  | { kind: 'pglite'; dir?: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

/** An open store: Kysely for queries, raw SQL for the job queue, and the one close(). */
export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Schema holding Parley's tables (`public` unless isolated for tests). */
  readonly schema: string;
  /** Raw SQL (on PGlite, run in turn with every other query in its single session). */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** Run `fn` on one dedicated connection (advisory locks, multi-statement SQL). */
  withClient<T>(fn: (query: RawQuery) => Promise<T>): Promise<T>;
  /** Connection string for PostgreSQL (used by components that need their own connections). */
  readonly url: string | undefined;
  /** The embedded instance (on its worker thread), when kind is pglite. */
  readonly pglite: PgliteWorker | undefined;
  close(): Promise<void>;
}

// jsonb/json come back parsed; int8 (bigserial, count(*)) as a JS number; numeric as number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

export type RawQuery = <R = Record<string, unknown>>(
  text: string,
  values?: unknown[],
) => Promise<{ rows: R[] }>;

function withClientOf(pool: pg.Pool) {
  return async <T>(fn: (query: RawQuery) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn((text, values) => client.query(text, values as unknown[]) as never);
    } finally {
      client.release();
    }
  };
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.kind === 'pglite') return openPglite(opts);
  return openPostgres(opts);
}

/** Clients sharing PGlite's session: how many statements can wait in it at once, not how many run. */
const pgliteClients = 8;

async function openPglite(opts: { dir?: string; loadDataDir?: Blob }): Promise<Store> {
  if (opts.dir) await fs.mkdir(opts.dir, { recursive: true });
  // PGlite runs on a worker thread (with pgvector for knowledge-base embeddings), off the call audio's loop.
  const pglite = await PgliteWorker.start({ dir: opts.dir, loadDataDir: opts.loadDataDir });
  // PGlite has a single session: the pool's clients share it, autocommit statements queued in it back
  // to back and a transaction holding it alone (pglite-session.ts).
  const pool = new pg.Pool({ max: pgliteClients, Client: pgliteClient(pglite) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'pglite',
    db,
    schema: 'public',
    url: undefined,
    pglite,
    query: async (text, values) => pool.query(text, values as unknown[]) as never,
    withClient: withClientOf(pool),
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function openPostgres(opts: { url: string; schema?: string; poolSize?: number }): Promise<Store> {
  const schema = opts.schema ?? 'public';
  if (schema !== 'public') {
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    Client: ArrayRowClient,
    ...(schema !== 'public' ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it on next use.
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    schema,
    url: opts.url,
    pglite: undefined,
    query: async (text, values) => pool.query(text, values as unknown[]) as never,
    withClient: withClientOf(pool),
    close: async () => {
      await db.destroy();
    },
  };
}

/** Serialise a value for a jsonb column (pg would send JS arrays as PostgreSQL arrays). */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** True when a driver error is a unique-constraint violation. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505';
}

/** True when a driver error is a foreign-key violation. */
export function isForeignKeyViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === '23503';
}
