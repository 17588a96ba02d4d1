import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, parleyClient, patientAgent, quietCallee } from '../support/parley-client.ts';
import { kill, scratchDatabase, seedPgliteDataDir, startServer } from '../support/server-process.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

const key = `oi_sk_crash${'x'.repeat(32)}`;
let dataDir: string;
let db: Awaited<ReturnType<typeof scratchDatabase>>;
let secret: string | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-crash-'));
  db = await scratchDatabase();
  if (!db) await seedPgliteDataDir(dataDir);
  receiver = await startWebhookReceiver(() => secret);
});
afterAll(async () => {
  await receiver.close();
  await db?.drop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('a node killed with SIGKILL mid-call and mid-delivery, then restarted', () => {
  it('fails the call (server_restart), finishes the interrupted delivery and sends every event in order', {
    timeout: 90_000,
  }, async () => {
    const env = {
      PARLEY_DATA_DIR: dataDir,
      PARLEY_API_KEY: key,
      PARLEY_ALLOW_PRIVATE_URLS: 'true',
      // A stable node id lets the restarted process know the old leases are dead at once.
      PARLEY_NODE_ID: 'crash-node',
      ...(db ? { DATABASE_URL: db.url } : {}),
    };
    const first = await startServer(env);
    let api = parleyClient(first.url, key);
    const hook = await api.create('/v1/webhooks', {
      name: 'crm',
      url: receiver.url,
      events: ['call.started', 'call.ended', 'call.failed', 'call.analyzed', 'transcript.final'],
    });
    secret = hook.secret;
    receiver.reply('hang');
    const agent = await api.create('/v1/agents', patientAgent);
    const number = await api.create('/v1/phone-numbers/purchase', { provider: 'sim', agent_id: agent.id });
    const arrived = receiver.nextRequest();
    const call = await api.create('/v1/calls', {
      agent_id: agent.id,
      from_number: number.phone_number,
      to_number: '+14155550199',
      metadata: { sim: quietCallee },
    });
    await eventually(
      async () => (await api.call(call.id)).status === 'in_progress',
      20_000,
      'the call to connect',
    );
    await arrived;
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ event: 'call.started', call_id: call.id });
    await kill(first.proc, 'SIGKILL');

    receiver.reply({ status: 200, body: 'ok' });
    const second = await startServer(env);
    try {
      api = parleyClient(second.url, key);
      const failed = await eventually(
        async () => {
          const c = await api.call(call.id);
          return c.status === 'failed' && c.analysis?.analyzed_at ? c : undefined;
        },
        20_000,
        'the call to end and be analysed',
      );
      expect(failed).toMatchObject({ status: 'failed', end_reason: 'server_restart', outcome: null });
      expect(failed.ai_summary).toMatch(/cut off when the Parley process running it stopped/);
      const order = ['call.started', 'call.ended', 'call.analyzed', 'transcript.final'];
      // Generous: with the whole suite on two cores the restarted node's first delivery polls run late.
      await eventually(
        async () => new Set(receiver.events().map((e) => e.event)).size >= 4,
        45_000,
        'all events',
      );
      const firstOfEach = [...new Map(receiver.received.map((r) => [r.headers['webhook-id'], r])).values()];
      expect(firstOfEach.map((r) => JSON.parse(r.body).event)).toEqual(order);
      expect(receiver.received.every((r) => r.verifyError === undefined)).toBe(true);
      const log = (await api.json('GET', `/v1/webhooks/${hook.id}/deliveries`)).body.items as any[];
      const started = log.find((d) => d.event === 'call.started');
      expect(started).toMatchObject({ status: 'succeeded', attempt: 2 });
      expect(
        log
          .filter((d) => d.event !== 'call.started')
          .every((d) => d.status === 'succeeded' && d.attempt === 1),
      ).toBe(true);
      expect(log.filter((d) => d.event === 'call.ended' || d.event === 'call.failed')).toHaveLength(1);
    } finally {
      await kill(second.proc, 'SIGTERM');
    }
  });
});
