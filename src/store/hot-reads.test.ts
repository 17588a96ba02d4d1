import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/support/harness.ts';
import { arrayQuery, arrayRows, isoTimestamp } from './hot-reads.ts';

const pgParse = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (t: string) => Date;

describe('isoTimestamp', () => {
  it('gives what pg’s Date parser and toISOString give, for every fraction length and offset', () => {
    const texts = [
      '2026-12-01 04:19:56+00',
      '2026-12-01 04:19:56.8+00',
      '2026-12-01 04:19:56.81+00',
      '2026-12-01 04:19:56.814+00',
      '2026-12-01 04:19:56.8149+00',
      '2026-12-01 04:19:56.293999+00',
      '2026-12-01 04:19:56.999999+00',
      '0099-03-01 01:02:03.04+00',
      '1969-12-31 23:59:59.999+00',
      '2026-12-01 05:19:56.814+01',
      '2026-12-01 04:19:56.814-05:30',
      '12026-12-01 04:19:56.814+00',
    ];
    for (const t of texts) expect(isoTimestamp(t)).toBe(pgParse(t).toISOString());
  });
});

describe('arrayRows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const probe = (h: Harness, n: number) =>
    h.store.db
      .selectNoFrom([
        sql<number>`${n}::int8`.as('n'),
        sql<string>`${'2026-12-01T04:19:56.814123Z'}::timestamptz + make_interval(secs => ${n})`.as('at'),
        sql<unknown>`NULL::timestamptz`.as('none'),
        sql<unknown>`jsonb_build_object('n', ${n}::int)`.as('doc'),
      ])
      .compile();

  it('returns rows as arrays in select order, timestamptz as ISO strings, other types as pg parses them', async () => {
    const rows = await arrayRows(h.store.db, arrayQuery(probe(h, 1)));
    expect(rows).toEqual([[1, '2026-12-01T04:19:57.814Z', null, { n: 1 }]]);
  });

  it('runs a named prepared statement again with new parameters', async () => {
    const query = arrayQuery(probe(h, 0), 'parley_test_probe');
    const first = await arrayRows(h.store.db, query, [2, '2026-12-01T04:19:56.814Z', 2, 2]);
    const second = await arrayRows(h.store.db, query, [3, '2026-12-01T04:19:56Z', 3, 3]);
    expect(first).toEqual([[2, '2026-12-01T04:19:58.814Z', null, { n: 2 }]]);
    expect(second).toEqual([[3, '2026-12-01T04:19:59.000Z', null, { n: 3 }]]);
  });

  it('leaves unmarked queries alone (objects, Date timestamps)', async () => {
    const rows = await h.store.db.executeQuery(probe(h, 1));
    expect(rows.rows[0]).toEqual({
      n: 1,
      at: new Date('2026-12-01T04:19:57.814Z'),
      none: null,
      doc: { n: 1 },
    });
  });
});
