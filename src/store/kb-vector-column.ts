import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * The schema of pgvector's `vector` type when `kb_chunks.embedding` exists (migration 0021 adds it
 * only where pgvector is available), else undefined. Looked up once per repo.
 */
export async function vectorTypeSchema(db: Db): Promise<string | undefined> {
  const r = await sql<{ schema: string }>`
    SELECT n.nspname AS schema
      FROM pg_attribute a
      JOIN pg_type t ON t.oid = a.atttypid
      JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE a.attrelid = 'kb_chunks'::regclass AND a.attname = 'embedding' AND NOT a.attisdropped`.execute(db);
  return r.rows[0]?.schema;
}

/** pgvector's text form of a vector. */
export function vectorLiteral(v: number[]): string {
  return `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
}
