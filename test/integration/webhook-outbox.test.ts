import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallEventName } from '../../src/domain/webhook/call-event.ts';
import { PgOutboxRepo } from '../../src/store/outbox-repo.ts';
import { newAgent, newCallRow } from '../support/calls.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { finishedCall, say } from '../support/post-call.ts';
import { runSecurityCases } from '../support/security.ts';
import { countingTransactions } from '../support/store-probe.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

// Each test runs a whole call's post-call path (finalize, outbox, HTTP); allow for a loaded CI box.
vi.setConfig({ testTimeout: 20_000 });
let h: Harness;
const receivers: Receiver[] = [];

beforeAll(async () => {
  h = await createHarness({ env: { PARLEY_ALLOW_PRIVATE_URLS: 'true' } });
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await h.close();
});

const allEvents = [
  'call.started',
  'call.ended',
  'call.failed',
  'call.analyzed',
  'transcript.partial',
  'transcript.final',
];

/** A workspace with an agent and a receiver subscribed to every call event. */
async function setup(events = allEvents) {
  const { orgId, key } = await h.newWorkspace('outbox');
  const agentId = await newAgent(h, key);
  let secret: string | undefined;
  const receiver = await startWebhookReceiver(() => secret);
  receivers.push(receiver);
  const w = await h.json('POST', '/v1/webhooks', { key, body: { name: 'r', url: receiver.url, events } });
  expect(w.status).toBe(201);
  secret = w.body.secret;
  return { orgId, key, agentId, receiver, webhookId: w.body.id as string };
}

const deliveries = async (key: string, webhookId: string) =>
  (await h.json('GET', `/v1/webhooks/${webhookId}/deliveries?limit=200`, { key })).body.items as Record<
    string,
    any
  >[];

/** Run every job due now; then advance the clock by `ms` (jobs become due on the clock). */
async function runFor(ms = 0) {
  await h.queue.drain(h.clock.now());
  if (ms) {
    h.clock.advance(ms);
    await h.queue.drain(h.clock.now());
  }
}

describe('webhook.deliver retries', () => {
  it('retries a failing endpoint on the backoff schedule, recording every attempt, same webhook-id', async () => {
    const s = await setup(['call.failed']);
    s.receiver.replyOnce({ status: 500, body: 'down' }, { status: 503, body: 'still down' });
    const call = await finishedCall(h, s.orgId, s.agentId, { connected: false, reason: 'busy' });
    await h.core.lifecycle.ended(s.orgId, call.id);
    await runFor();
    let [d] = await deliveries(s.key, s.webhookId);
    expect(d).toMatchObject({ event: 'call.failed', status: 'retrying', attempt: 1, response_status: 500 });
    expect(d!.error).toMatch(/HTTP 500/);
    const firstRetry = Date.parse(d!.next_retry_at) - h.clock.now();
    expect(firstRetry).toBeGreaterThanOrEqual(24_000);
    expect(firstRetry).toBeLessThanOrEqual(36_000);
    await runFor(firstRetry - 1000);
    expect((await deliveries(s.key, s.webhookId))[0]!.attempt).toBe(1);
    await runFor(1000);
    [d] = await deliveries(s.key, s.webhookId);
    expect(d).toMatchObject({
      status: 'retrying',
      attempt: 2,
      response_status: 503,
      response_body: 'still down',
    });
    await runFor(Date.parse(d!.next_retry_at) - h.clock.now());
    [d] = await deliveries(s.key, s.webhookId);
    expect(d).toMatchObject({ status: 'succeeded', attempt: 3, response_status: 200, next_retry_at: null });
    expect(d!.completed_at).not.toBeNull();
    const got = s.receiver.received;
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of got) expect(r.verifyError).toBeUndefined();
  });
});

describe('per-call order per endpoint', () => {
  it('holds later events for an endpoint until the earlier one is delivered; other endpoints are not held', async () => {
    const s = await setup();
    let otherSecret: string | undefined;
    const other = await startWebhookReceiver(() => otherSecret);
    receivers.push(other);
    const o = await h.json('POST', '/v1/webhooks', {
      key: s.key,
      body: { name: 'o', url: other.url, events: allEvents },
    });
    otherSecret = o.body.secret;
    s.receiver.replyOnce({ status: 500 });
    const call = await finishedCall(h, s.orgId, s.agentId, { messages: [say('user', 'hello')] });
    await h.core.lifecycle.ended(s.orgId, call.id);
    await runFor();
    const order = ['call.started', 'call.ended', 'call.analyzed', 'transcript.final'];
    expect(other.events().map((e) => e.event)).toEqual(order);
    expect(s.receiver.received).toHaveLength(1);
    const held = await deliveries(s.key, s.webhookId);
    expect(held.filter((d) => d.status === 'pending')).toHaveLength(3);
    expect(held.every((d) => d.status !== 'succeeded')).toBe(true);
    await runFor(40_000);
    const firstOfEach = [...new Map(s.receiver.received.map((r) => [r.headers['webhook-id'], r])).values()];
    expect(firstOfEach.map((r) => JSON.parse(r.body).event)).toEqual(order);
    expect(s.receiver.received.map((r) => JSON.parse(r.body).event)).toEqual(['call.started', ...order]);
  });

  it('transcript.partial events arrive between call.started and call.ended, in order; none after the end', async () => {
    const s = await setup();
    const call = await finishedCall(h, s.orgId, s.agentId, { live: true });
    await h.core.lifecycle.connected(call);
    await h.core.lifecycle.message(call, say('assistant', 'Hello!'), 0);
    await h.core.lifecycle.message(call, say('user', 'Hi there'), 1);
    await runFor();
    await h.core.callRepo.end(s.orgId, call.id, 'customer_hangup', {
      ended_at: new Date(h.clock.now()).toISOString(),
    });
    await h.core.lifecycle.ended(s.orgId, call.id);
    await runFor();
    await h.core.lifecycle.message(call, say('assistant', 'too late'), 2);
    await runFor();
    const got = s.receiver.events();
    expect(got.map((e) => e.event)).toEqual([
      'call.started',
      'transcript.partial',
      'transcript.partial',
      'call.ended',
      'call.analyzed',
      'transcript.final',
    ]);
    expect(got[1]).toMatchObject({ index: 0, message: { role: 'assistant', content: 'Hello!' } });
    expect(got[2]).toMatchObject({ index: 1, message: { role: 'user', content: 'Hi there' } });
  });
});

describe('exactly one terminal event', () => {
  it('the store refuses call.ended once call.failed exists (and the reverse)', async () => {
    const s = await setup();
    const call = await finishedCall(h, s.orgId, s.agentId, { connected: false, reason: 'busy' });
    const emit = (event: 'call.ended' | 'call.failed') =>
      h.core.outboxRepo.emit({
        orgId: s.orgId,
        callId: call.id,
        event,
        payload: { event },
        messageId: `msg_${event}`,
        targets: [],
        now: new Date(h.clock.now()),
      });
    expect((await emit('call.failed')).emitted).toBe(true);
    expect(await emit('call.ended')).toEqual({ emitted: false, deliveries: [] });
    expect((await emit('call.failed')).emitted).toBe(false);
    expect(await h.core.outboxRepo.eventsOf(call.id)).toEqual(['call.failed']);
  });
});

describe('the outbox on a store that runs one statement at a time (PGlite)', () => {
  it('stores an event with its deliveries in one statement, keeping each endpoint in order', async () => {
    const s = await setup();
    const call = await h.core.callRepo.insert(s.orgId, newCallRow(s.agentId));
    if (call === 'daily_cap_reached') throw new Error('unexpected cap');
    const { db, transactions } = countingTransactions(h.store.db);
    const repo = new PgOutboxRepo(db, true);
    const a = { webhookId: null, url: 'https://a.example/hook', key: 'url:a' };
    const b = { webhookId: null, url: 'https://b.example/hook', key: 'url:b' };
    const emit = (event: CallEventName, targets = [a, b]) =>
      repo.emit({
        orgId: s.orgId,
        callId: call.id,
        event,
        payload: { event },
        messageId: `msg_${event}`,
        targets,
        now: new Date(h.clock.now()),
      });
    const started = await emit('call.started');
    expect(started.emitted).toBe(true);
    expect(started.deliveries.map((d) => d.ready)).toEqual([true, true]);
    // The next event for endpoint a waits behind call.started's open delivery there.
    const partial = await emit('transcript.partial', [a]);
    expect(partial).toEqual({
      emitted: true,
      deliveries: [{ orgId: s.orgId, id: expect.any(String), ready: false }],
    });
    // A repeat stores nothing and hands back the first's open deliveries.
    expect(await emit('call.started')).toEqual({ emitted: false, deliveries: started.deliveries });
    expect(await emit('call.ended', [])).toEqual({ emitted: true, deliveries: [] });
    expect(await emit('transcript.partial')).toEqual({ emitted: false, deliveries: [] });
    expect(await repo.eventsOf(call.id)).toEqual(['call.started', 'transcript.partial', 'call.ended']);
    expect(transactions()).toBe(0);
  });
});

describe('targets', () => {
  it('a call’s webhook_url gets every event, signed with the workspace secret from GET /v1/workspace', async () => {
    const s = await setup(['call.ended']);
    const ws = await h.json('GET', '/v1/workspace', { key: s.key });
    expect(ws.status).toBe(200);
    expect(ws.body.webhook_secret).toMatch(/^whsec_/);
    const perCall = await startWebhookReceiver(() => ws.body.webhook_secret);
    receivers.push(perCall);
    const call = await finishedCall(h, s.orgId, s.agentId, {
      webhookUrl: perCall.url,
      messages: [say('user', 'hi')],
    });
    await h.core.lifecycle.ended(s.orgId, call.id);
    await runFor();
    expect(perCall.events().map((e) => e.event)).toEqual([
      'call.started',
      'call.ended',
      'call.analyzed',
      'transcript.final',
    ]);
    expect(perCall.received.every((r) => r.verifyError === undefined)).toBe(true);
    expect(s.receiver.events().map((e) => e.event)).toEqual(['call.ended']);
    expect((await h.json('GET', '/v1/workspace', { key: s.key })).body.webhook_secret).toBe(
      ws.body.webhook_secret,
    );
    const log = await h.json('GET', `/v1/calls/${call.id}/webhook-deliveries`, { key: s.key });
    expect(log.status).toBe(200);
    expect(
      log.body.items.map((d: any) => [d.event, d.target_url === perCall.url ? 'url' : d.webhook_id]),
    ).toEqual([
      ['call.started', 'url'],
      ['call.ended', s.webhookId],
      ['call.ended', 'url'],
      ['call.analyzed', 'url'],
      ['transcript.final', 'url'],
    ]);
    expect(log.body.items.every((d: any) => d.status === 'succeeded' && d.attempt === 1)).toBe(true);
    expect((await h.json('GET', `/v1/calls/${call.id}/webhook-deliveries`)).status).toBe(404);
  });

  it('a webhook referenced by an agent receives only that agent’s calls; others receive every call', async () => {
    const s = await setup(['call.failed']);
    const other = await startWebhookReceiver(() => undefined);
    receivers.push(other);
    const scoped = await h.json('POST', '/v1/webhooks', {
      key: s.key,
      body: { name: 'scoped', url: other.url, events: ['call.failed'] },
    });
    const owner = await h.json('POST', '/v1/agents', {
      key: s.key,
      body: { name: 'Owner', webhook_id: scoped.body.id },
    });
    expect(owner.status).toBe(201);
    const mine = await finishedCall(h, s.orgId, owner.body.id, { connected: false, reason: 'busy' });
    const theirs = await finishedCall(h, s.orgId, s.agentId, { connected: false, reason: 'busy' });
    for (const c of [mine, theirs]) await h.core.lifecycle.ended(s.orgId, c.id);
    await runFor();
    expect(other.received.map((r) => JSON.parse(r.body).call_id)).toEqual([mine.id]);
    expect(
      s.receiver
        .events()
        .map((e) => e.call_id)
        .sort(),
    ).toEqual([mine.id, theirs.id].sort());
  });

  it('a delivery to a webhook disabled meanwhile ends failed without a request', async () => {
    const s = await setup(['call.failed']);
    const call = await finishedCall(h, s.orgId, s.agentId, { connected: false, reason: 'busy' });
    await h.core.finalizer.finalize(s.orgId, call.id);
    await h.json('PATCH', `/v1/webhooks/${s.webhookId}`, { key: s.key, body: { status: 'disabled' } });
    await runFor();
    expect(s.receiver.received).toHaveLength(0);
    expect((await deliveries(s.key, s.webhookId))[0]).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/disabled/),
    });
  });
});

describe('the outbox sweep (watchdog)', () => {
  /** A delivery created by finalize whose `webhook.deliver` job is gone. */
  async function orphanedDelivery(s: Awaited<ReturnType<typeof setup>>) {
    const call = await finishedCall(h, s.orgId, s.agentId, { connected: false, reason: 'busy' });
    await h.core.finalizer.finalize(s.orgId, call.id);
    for (const j of h.queue.queued('webhook.deliver')) await h.queue.cancel('webhook.deliver', j.id);
    const [d] = await deliveries(s.key, s.webhookId);
    return d!;
  }
  const jobsFor = (id: string) =>
    h.queue.queued('webhook.deliver').filter((j) => (j.data as { deliveryId: string }).deliveryId === id);

  it('records an attempt a dead node left unfinished as interrupted and retries it at once', async () => {
    const s = await setup(['call.failed']);
    const pending = await orphanedDelivery(s);
    const claimed = await h.core.outboxRepo.claim(
      s.orgId,
      pending.id,
      'dead-node/0',
      new Date(h.clock.now()),
      30_000,
    );
    expect(claimed).toBeDefined();
    h.clock.advance(29_000);
    await h.core.outbox.sweep();
    expect(jobsFor(pending.id)).toHaveLength(0);
    h.clock.advance(2_000);
    await h.core.outbox.sweep();
    expect(jobsFor(pending.id)).toHaveLength(1);
    let [d] = await deliveries(s.key, s.webhookId);
    expect(d).toMatchObject({ status: 'retrying', attempt: 1 });
    expect(d!.error).toMatch(/interrupted.*dead-node\/0/);
    await runFor();
    [d] = await deliveries(s.key, s.webhookId);
    expect(d).toMatchObject({ status: 'succeeded', attempt: 2 });
  });

  it('a new attempt never takes over an expired claim before the sweep has counted it as interrupted', async () => {
    const s = await setup(['call.failed']);
    const pending = await orphanedDelivery(s);
    await h.core.outboxRepo.claim(s.orgId, pending.id, 'dead-node/1', new Date(h.clock.now()), 30_000);
    h.clock.advance(31_000);
    const now = new Date(h.clock.now());
    expect(await h.core.outboxRepo.claim(s.orgId, pending.id, 'live-node/1', now, 30_000)).toBeUndefined();
    await h.core.outbox.sweep();
    await runFor();
    expect((await deliveries(s.key, s.webhookId))[0]).toMatchObject({ status: 'succeeded', attempt: 2 });
  });

  it('on start, claims of earlier runs are known dead: their attempts are retried at once', async () => {
    const s = await setup(['call.failed']);
    const pending = await orphanedDelivery(s);
    await h.core.outboxRepo.claim(s.orgId, pending.id, 'earlier-run/1', new Date(h.clock.now()), 30_000);
    await h.core.cluster.watchdog.recover({ allOtherHoldersDead: true, stableNodeId: false });
    expect(jobsFor(pending.id)).toHaveLength(1);
    await runFor();
    expect((await deliveries(s.key, s.webhookId))[0]).toMatchObject({ status: 'succeeded', attempt: 2 });
  });

  it('restarts a delivery whose job was lost, once it has been idle 15 s', async () => {
    const s = await setup(['call.failed']);
    const pending = await orphanedDelivery(s);
    await h.core.outbox.sweep();
    expect(jobsFor(pending.id)).toHaveLength(0);
    h.clock.advance(16_000);
    await h.core.outbox.sweep();
    expect(jobsFor(pending.id)).toHaveLength(1);
    await runFor();
    expect((await deliveries(s.key, s.webhookId))[0]).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(s.receiver.received).toHaveLength(1);
  });
});

// Last: it moves the clock ~9 h ahead, after which receivers reject the signatures' timestamps
// (standardwebhooks allows 5 minutes of skew from the real clock).
describe('webhook.deliver giving up', () => {
  it('gives up after 8 attempts (failed), then lets the next event through', async () => {
    const s = await setup(['call.failed', 'call.analyzed']);
    s.receiver.replyOnce(...Array.from({ length: 8 }, () => ({ status: 500 })));
    const call = await finishedCall(h, s.orgId, s.agentId, { connected: false, reason: 'no_answer' });
    await h.core.lifecycle.ended(s.orgId, call.id);
    await runFor();
    for (let i = 0; i < 7; i++) {
      const open = (await deliveries(s.key, s.webhookId)).find((d) => d.event === 'call.failed')!;
      await runFor(Date.parse(open.next_retry_at) - h.clock.now());
    }
    const all = await deliveries(s.key, s.webhookId);
    expect(all.find((d) => d.event === 'call.failed')).toMatchObject({
      status: 'failed',
      attempt: 8,
      next_retry_at: null,
    });
    expect(all.find((d) => d.event === 'call.analyzed')).toMatchObject({ status: 'succeeded', attempt: 1 });
  });
});

runSecurityCases('GET /v1/calls/{call_id}/webhook-deliveries', () => h, [
  {
    method: 'GET',
    scoped: true,
    prepare: async (hh) => {
      const call = await finishedCall(hh, hh.orgId, await newAgent(hh), { connected: false, reason: 'busy' });
      return { path: `/v1/calls/${call.id}/webhook-deliveries` };
    },
  },
]);
