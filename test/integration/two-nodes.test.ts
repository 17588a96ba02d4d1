import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/harness.ts';
import { eventually, parleyClient, patientAgent, quietCallee } from '../support/parley-client.ts';
import { kill, scratchDatabase, startServer } from '../support/server-process.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

type Server = Awaited<ReturnType<typeof startServer>>;
const key = `oi_sk_nodes${'y'.repeat(32)}`;
let db: Awaited<ReturnType<typeof scratchDatabase>>;
const nodes: Server[] = [];
const dirs: string[] = [];
let secret: string | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

// Two processes need a real PostgreSQL; CI runs the suite with TEST_DATABASE_URL set.
const onPostgres = testDatabaseUrl ? describe : describe.skip;

onPostgres('two Parley processes on one PostgreSQL (skipped without TEST_DATABASE_URL)', () => {
  beforeAll(async () => {
    db = await scratchDatabase();
    receiver = await startWebhookReceiver(() => secret);
    const shared = {
      DATABASE_URL: db!.url,
      PARLEY_API_KEY: key,
      PARLEY_SECRET_KEY: randomBytes(32).toString('hex'),
      PARLEY_ALLOW_PRIVATE_URLS: 'true',
    };
    // One after the other: the first bootstraps the store, the second joins it.
    for (const name of ['node-a', 'node-b']) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-${name}-`));
      dirs.push(dir);
      nodes.push(await startServer({ ...shared, PARLEY_NODE_ID: name, PARLEY_DATA_DIR: dir }));
    }
  }, 90_000);
  afterAll(async () => {
    for (const n of nodes) await kill(n.proc, 'SIGTERM');
    await receiver?.close();
    await db?.drop();
    for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
  });

  it('dispatches scheduled calls once, stops a call from the other node, and never sends an attempt twice', {
    timeout: 60_000,
  }, async () => {
    const [a, b] = nodes.map((n) => parleyClient(n.url, key)) as [
      ReturnType<typeof parleyClient>,
      ReturnType<typeof parleyClient>,
    ];
    const hook = await a.create('/v1/webhooks', {
      name: 'crm',
      url: receiver.url,
      events: ['call.started', 'call.ended', 'call.failed', 'call.analyzed'],
    });
    secret = hook.secret;
    const agent = await a.create('/v1/agents', patientAgent);
    const number = await a.create('/v1/phone-numbers/purchase', { provider: 'sim', agent_id: agent.id });
    const at = new Date(Date.now() + 4000).toISOString();
    const calls = [];
    for (let i = 0; i < 3; i++)
      calls.push(
        await a.create('/v1/calls', {
          agent_id: agent.id,
          from_number: number.phone_number,
          to_number: '+14155550199',
          scheduled_at: at,
          metadata: { sim: quietCallee },
        }),
      );
    expect(calls.every((c) => c.status === 'queued')).toBe(true);
    for (const c of calls)
      await eventually(
        async () => (await b.call(c.id)).status === 'in_progress',
        30_000,
        `call ${c.id} to connect`,
      );

    // Stop every call through the node that is not running it.
    const client = new pg.Client({ connectionString: db!.url });
    await client.connect();
    const { rows } = await client.query<{ call_id: string; node_id: string }>(
      'SELECT call_id, node_id FROM call_slots',
    );
    await client.end();
    const runner = new Map(rows.map((r) => [r.call_id, r.node_id]));
    for (const c of calls) {
      const other = runner.get(c.id) === 'node-a' ? b : a;
      const stopped = await other.json('POST', `/v1/calls/${c.id}/stop`);
      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({ status: 'completed', end_reason: 'api_stop' });
    }

    await eventually(
      async () => receiver.events().filter((e) => e.event === 'call.analyzed').length === 3,
      20_000,
      'analyses',
    );
    for (const c of calls) {
      const mine = receiver.received.filter((r) => JSON.parse(r.body).call_id === c.id);
      expect(mine.map((r) => JSON.parse(r.body).event)).toEqual([
        'call.started',
        'call.ended',
        'call.analyzed',
      ]);
      expect((await a.call(c.id)).metadata.concurrency_at_dispatch).toEqual(expect.any(Number));
    }
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(
      receiver.received.length,
    );
    const log = (await b.json('GET', `/v1/webhooks/${hook.id}/deliveries?limit=200`)).body.items as {
      attempt: number;
      status: string;
    }[];
    expect(log).toHaveLength(9);
    expect(log.every((d) => d.attempt === 1 && d.status === 'succeeded')).toBe(true);
  });
});
