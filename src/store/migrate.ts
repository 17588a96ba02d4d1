import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './db.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Arbitrary constant: serialises migration runs across nodes sharing one PostgreSQL.
const lockKey = 7_453_901_221;

export interface Migration {
  version: string;
  sql: string;
}

/** Numbered `NNNN_name.sql` files in order. */
export async function listMigrations(dir = migrationsDir): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => ({
      version: f.replace(/\.sql$/, ''),
      sql: await fs.readFile(path.join(dir, f), 'utf8'),
    })),
  );
}

/** Apply every migration not yet applied, each in its own transaction; returns the versions applied. */
export async function migrate(store: Store, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await listMigrations());
  const applied: string[] = [];
  await store.withClient(async (run) => {
    await run(`SELECT pg_advisory_lock(${lockKey})`);
    try {
      await run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await run<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const m of all) {
        if (done.has(m.version)) continue;
        await run('BEGIN');
        try {
          await run(m.sql);
          await run('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
          await run('COMMIT');
          applied.push(m.version);
        } catch (e) {
          await run('ROLLBACK');
          throw new Error(`migration ${m.version} failed: ${(e as Error).message}`, { cause: e });
        }
      }
    } finally {
      await run(`SELECT pg_advisory_unlock(${lockKey})`);
    }
  });
  return applied;
}
