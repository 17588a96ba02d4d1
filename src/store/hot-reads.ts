import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Db, Tx } from './db.ts';

/**
 * Array-row queries: Kysely-compiled SQL run with rows as arrays (select-list order) and timestamptz
 * read straight as the API's ISO-8601 strings. A query is marked by a leading SQL comment that
 * ArrayRowClient (the store's pg client) recognises; a named one is a server-side prepared statement,
 * parsed and planned once per connection.
 */
const marker = '/*rows:';

const timestamptz = pg.types.builtins.TIMESTAMPTZ;
const pgTimestamptz = pg.types.getTypeParser(timestamptz, 'text') as (text: string) => Date;

/** `2026-12-01 04:19:56.814+00` (DateStyle ISO, UTC session) → `2026-12-01T04:19:56.814Z`, as `Date#toISOString` gives. */
export function isoTimestamp(text: string): string {
  const n = text.length;
  // Fast path: 4-digit year, UTC offset, 0–6 fraction digits (truncated to ms like pg's parser, then toISOString).
  if (n >= 22 && n <= 29 && text.endsWith('+00') && text[4] === '-' && text[10] === ' ') {
    if (n === 22) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
    if (text[19] === '.')
      return `${text.slice(0, 10)}T${text.slice(11, 19)}.${text
        .slice(20, n - 3)
        .slice(0, 3)
        .padEnd(3, '0')}Z`;
  }
  return pgTimestamptz(text).toISOString();
}

// pg reads a query's `types` as its type parsers, PGlite's serializer as parameter type oids: an empty
// array carrying getTypeParser is right for both (no declared parameter types, our parsers).
const arrayTypes = Object.assign([], {
  getTypeParser: (oid: number, format?: string) =>
    oid === timestamptz && format !== 'binary' ? isoTimestamp : pg.types.getTypeParser(oid, format as 'text'),
}) as unknown as pg.CustomTypesConfig;

/**
 * The store's pg client: queries marked by `arrayRows` run in array row mode with ISO timestamps, and
 * as named prepared statements when they carry a name; every other query is untouched.
 */
export class ArrayRowClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is a set of overloads; this forwards them all.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(marker)) {
      const name = config.slice(marker.length, config.indexOf('*/'));
      const q = { text: config, values, rowMode: 'array' as const, types: arrayTypes };
      return super.query(name ? { ...q, name } : q, callback);
    }
    return super.query(config, values, callback);
  }
}

/** A compiled query to run with `arrayRows`, optionally as the named prepared statement `name` (fixed plans only). */
export function arrayQuery(compiled: CompiledQuery, name = ''): CompiledQuery {
  return { ...compiled, sql: `${marker}${name}*/ ${compiled.sql}` };
}

/** Run an `arrayQuery` (with new parameters when given): each row is an array in select-list order. */
export async function arrayRows(
  db: Db | Tx,
  query: CompiledQuery,
  parameters?: readonly unknown[],
): Promise<unknown[][]> {
  const q = parameters ? { ...query, parameters } : query;
  return (await db.executeQuery<unknown[]>(q)).rows;
}
