import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteClient } from './pglite-wire.ts';
import { PgliteWorker } from './pglite-worker-host.ts';

/** The frontend message type codes in one wire buffer (each: a type byte, then a length that counts itself). */
function messageTypes(buf: Uint8Array): string {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let types = '';
  for (let at = 0; at < buf.length; at += 1 + view.getInt32(at + 1)) types += String.fromCharCode(buf[at]!);
  return types;
}

describe('PgliteWireConnection (node-postgres over PGlite on its worker thread)', () => {
  let pglite: PgliteWorker;
  let pool: pg.Pool;
  const entries: Uint8Array[] = [];

  beforeAll(async () => {
    pglite = await PgliteWorker.start({});
    // Observe (not replace) every request to the worker, to count round trips per query.
    const exec = pglite.exec.bind(pglite);
    pglite.exec = (message) => {
      entries.push(message);
      return exec(message);
    };
    pool = new pg.Pool({ max: 4, Client: pgliteClient(pglite) });
    await pool.query('CREATE TABLE t (id int PRIMARY KEY, name text, at timestamptz)');
    await pool.query(
      "INSERT INTO t SELECT g, 'row ' || g, '2026-12-01T00:00:00Z'::timestamptz + g * interval '1 minute' FROM generate_series(1, 25) g",
    );
  });

  afterAll(async () => {
    await pool.end();
    await pglite.close();
  });

  it('runs a parameterised query as one call into PGlite', async () => {
    entries.length = 0;
    const r = await pool.query('SELECT id, name FROM t WHERE id = $1', [7]);
    expect(r.rows).toEqual([{ id: 7, name: 'row 7' }]);
    expect(r.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(entries).toHaveLength(1);
    // Parse, Bind, Describe, Execute and Sync travel together, in that order.
    expect(messageTypes(entries[0]!)).toBe('PBDES');
  });

  it('reuses a named prepared statement and keeps answers in order under concurrency', async () => {
    const named = (id: number) => ({ name: 'by_id', text: 'SELECT name FROM t WHERE id = $1', values: [id] });
    const results = await Promise.all([1, 2, 3, 4, 5].map((id) => pool.query(named(id))));
    expect(results.map((r) => r.rows[0].name)).toEqual(['row 1', 'row 2', 'row 3', 'row 4', 'row 5']);
    entries.length = 0;
    await pool.query(named(9));
    // Already parsed on this session: no Parse message the second time.
    expect(messageTypes(entries[0]!)).toBe('BDES');
  });

  it('reports a server error in the documented shape and the session recovers', async () => {
    const err = await pool.query('SELECT 1 / $1::int AS x', [0]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('22012');
    expect((err as Error).message).toMatch(/division by zero/);
    const ok = await pool.query('SELECT 1 / $1::int AS x', [1]);
    expect(ok.rows).toEqual([{ x: 1 }]);
  });

  it('keeps transaction semantics: an error aborts the transaction until ROLLBACK', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE t SET name = $1 WHERE id = 1', ['changed']);
      await expect(client.query('INSERT INTO t (id) VALUES ($1)', [1])).rejects.toMatchObject({
        code: '23505',
      });
      await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const r = await pool.query('SELECT name FROM t WHERE id = 1');
    expect(r.rows[0].name).toBe('row 1');
  });

  it('runs a multi-statement simple query', async () => {
    const r = (await pool.query('SELECT 1 AS a; SELECT 2 AS b')) as unknown as pg.QueryResult[];
    expect(r.map((x) => x.rows[0])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('pages a portal with Execute + Flush (a row-limited query)', async () => {
    const client = await pool.connect();
    try {
      const q = new pg.Query({
        text: 'SELECT id FROM t WHERE id <= $1 ORDER BY id',
        values: [12],
        rows: 5,
      } as never);
      const ids: number[] = [];
      q.on('row', (row: { id: number }) => ids.push(row.id));
      await new Promise<void>((resolve, reject) => {
        q.on('end', () => resolve());
        q.on('error', reject);
        client.query(q);
      });
      expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    } finally {
      client.release();
    }
  });

  it('delivers notifications', async () => {
    const client = await pool.connect();
    try {
      const got = new Promise<pg.Notification>((resolve) => client.once('notification', resolve));
      await client.query('LISTEN parley_wire');
      await client.query("NOTIFY parley_wire, 'hello'");
      expect(await got).toMatchObject({ channel: 'parley_wire', payload: 'hello' });
      await client.query('UNLISTEN parley_wire');
    } finally {
      client.release();
    }
  });

  it('ends a client and serves the next one on the same instance', async () => {
    const client = await pool.connect();
    client.release(true);
    const r = await pool.query('SELECT count(*)::int AS n FROM t');
    expect(r.rows).toEqual([{ n: 25 }]);
  });

  it("queues several clients' autocommit statements in the session at once", async () => {
    let inFlight = 0;
    let most = 0;
    const exec = pglite.exec;
    pglite.exec = async (message) => {
      most = Math.max(most, ++inFlight);
      try {
        return await exec(message);
      } finally {
        inFlight--;
      }
    };
    try {
      const ids = [3, 4, 5, 6, 7, 8];
      const rows = await Promise.all(ids.map((id) => pool.query('SELECT name FROM t WHERE id = $1', [id])));
      expect(rows.map((r) => r.rows[0].name)).toEqual(ids.map((id) => `row ${id}`));
      // One statement at a time would never have two in the worker's queue.
      expect(most).toBeGreaterThan(1);
    } finally {
      pglite.exec = exec;
    }
  });

  it("gives an open transaction the session alone: another client's statement waits for it", async () => {
    const a = await pool.connect();
    let seen: string | undefined;
    try {
      await a.query('BEGIN');
      await a.query('UPDATE t SET name = $1 WHERE id = 2', ['uncommitted']);
      const other = pool.query('SELECT name FROM t WHERE id = $1', [2]).then((r) => {
        seen = r.rows[0].name;
      });
      // Let the other client's query reach the session; it must not run inside the transaction.
      await a.query('SELECT pg_sleep(0.02)');
      expect(seen).toBeUndefined();
      await a.query('ROLLBACK');
      await other;
      expect(seen).toBe('row 2');
    } finally {
      a.release();
    }
  });

  it('shares named prepared statements between clients, and rolls back what a dropped client left open', async () => {
    const named = (id: number) => ({
      name: 'shared_by_id',
      text: 'SELECT name FROM t WHERE id = $1',
      values: [id],
    });
    const [c1, c2] = [await pool.connect(), await pool.connect()];
    try {
      const both = await Promise.all([c1.query(named(10)), c2.query(named(11))]);
      expect(both.map((r) => r.rows[0].name)).toEqual(['row 10', 'row 11']);
      await c1.query('BEGIN');
      await c1.query('UPDATE t SET name = $1 WHERE id = 10', ['lost']);
    } finally {
      c1.release(true);
      c2.release();
    }
    // A new client reuses the session's statement, and the dropped client's transaction was undone.
    const c3 = await pool.connect();
    try {
      expect((await c3.query(named(10))).rows).toEqual([{ name: 'row 10' }]);
      expect((await c3.query('SELECT now() = statement_timestamp() AS fresh')).rows[0].fresh).toBe(true);
    } finally {
      c3.release();
    }
  });

  it('dumps the data directory and starts a new instance from the dump', async () => {
    const dump = await pglite.dumpDataDir('gzip');
    const copy = await PgliteWorker.start({ loadDataDir: dump });
    const p = new pg.Pool({ max: 1, Client: pgliteClient(copy) });
    try {
      expect((await p.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 25 }]);
    } finally {
      await p.end();
      await copy.close();
    }
  }, 60_000);

  it('fails a query (never hangs) once the instance is closed, and fails to start on a bad dump', async () => {
    const closing = await PgliteWorker.start({});
    const p = new pg.Pool({ max: 1, Client: pgliteClient(closing) });
    p.on('error', () => undefined);
    await p.query('SELECT 1');
    await closing.close();
    await expect(p.query('SELECT 1')).rejects.toThrow('the embedded store (PGlite) is closed');
    await closing.close(); // closing twice is harmless
    await p.end();
    await expect(PgliteWorker.start({ loadDataDir: new Blob(['not a tarball']) })).rejects.toThrow(
      /the embedded store \(PGlite\) did not start/,
    );
  }, 60_000);
});
