import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { startWebhookReceiver } from '../../../test/support/webhook-receiver.ts';
import { newId } from '../../domain/ids.ts';

let h: Harness;
let secret: string | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  h = await createHarness({ env: { PARLEY_ALLOW_PRIVATE_URLS: 'true' } });
  receiver = await startWebhookReceiver(() => secret);
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});
beforeEach(() => {
  receiver.reply({ status: 200, body: 'thanks' });
});

async function newWebhook(key?: string, url = receiver.url) {
  const r = await h.json('POST', '/v1/webhooks', {
    body: { name: 'Receiver', url, events: ['call.ended'] },
    ...(key ? { key } : {}),
  });
  expect(r.status).toBe(201);
  secret = r.body.secret;
  return r.body;
}

describe('POST /v1/webhooks/{webhook_id}/test', () => {
  it('200 delivers a signed webhook.test event that Webhook.verify accepts, and records it', async () => {
    const w = await newWebhook();
    const before = receiver.received.length;
    const r = await h.json('POST', `/v1/webhooks/${w.id}/test`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      webhook_id: w.id,
      event: 'webhook.test',
      status: 'succeeded',
      attempt: 1,
      response_status: 200,
      response_body: 'thanks',
      error: null,
      next_retry_at: null,
    });
    expect(r.body.id).toMatch(/^whd_[0-9a-z]{26}$/);
    expect(r.body.completed_at).toBe(new Date(h.clock.now()).toISOString());
    expect(receiver.received.length).toBe(before + 1);
    const got = receiver.received.at(-1)!;
    expect(got.verifyError).toBeUndefined();
    expect(got.verified).toMatchObject({ event: 'webhook.test', webhook_id: w.id, delivery_id: r.body.id });
    expect(got.headers['webhook-id']).toBe(r.body.message_id);
    expect(got.headers['user-agent']).toMatch(/^Parley-Webhooks\//);
  });

  it('200 with status failed, the status and body when the receiver answers 500', async () => {
    const w = await newWebhook();
    receiver.reply({ status: 500, body: 'down for maintenance' });
    const r = await h.json('POST', `/v1/webhooks/${w.id}/test`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'failed',
      attempt: 1,
      response_status: 500,
      response_body: 'down for maintenance',
      next_retry_at: null,
    });
    expect(r.body.error).toMatch(/HTTP 500/);
    expect(r.body.completed_at).not.toBeNull();
  });

  it('200 records a 3xx without following it', async () => {
    const w = await newWebhook();
    receiver.reply({ status: 301, headers: { location: 'http://169.254.169.254/latest/meta-data' } });
    const r = await h.json('POST', `/v1/webhooks/${w.id}/test`);
    expect(r.body).toMatchObject({ status: 'failed', response_status: 301 });
    expect(r.body.error).toMatch(/not followed/);
  });

  it('200 tests a disabled webhook too', async () => {
    const w = await newWebhook();
    await h.json('PATCH', `/v1/webhooks/${w.id}`, { body: { status: 'disabled' } });
    const r = await h.json('POST', `/v1/webhooks/${w.id}/test`);
    expect(r.body.status).toBe('succeeded');
  });

  it('404 for an unknown webhook', async () => {
    const r = await h.json('POST', '/v1/webhooks/wh_01jd8x2k3m4n5p6q7r8s9t0v1w/test');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('WEBHOOK_NOT_FOUND');
  });
});

describe('GET /v1/webhooks/{webhook_id}/deliveries', () => {
  it('200 lists the test deliveries newest first with the documented fields', async () => {
    const ws = await h.newWorkspace();
    const w = await newWebhook(ws.key);
    const empty = await h.json('GET', `/v1/webhooks/${w.id}/deliveries`, { key: ws.key });
    expect(empty.body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    const first = (await h.json('POST', `/v1/webhooks/${w.id}/test`, { key: ws.key })).body;
    receiver.reply({ status: 404, body: 'no' });
    const second = (await h.json('POST', `/v1/webhooks/${w.id}/test`, { key: ws.key })).body;
    const r = await h.json('GET', `/v1/webhooks/${w.id}/deliveries`, { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(2);
    expect(r.body.items).toEqual([second, first]);
    expect(Object.keys(r.body.items[0])).toEqual(
      expect.arrayContaining([
        'id',
        'webhook_id',
        'event',
        'status',
        'attempt',
        'response_status',
        'response_body',
        'error',
        'next_retry_at',
        'completed_at',
        'created_at',
      ]),
    );
    const page = await h.json('GET', `/v1/webhooks/${w.id}/deliveries?limit=1&offset=1`, { key: ws.key });
    expect(page.body).toMatchObject({ total: 2, limit: 1, offset: 1, items: [first] });
  });
  it('200 accepts limit 200', async () => {
    const w = await newWebhook();
    expect((await h.json('GET', `/v1/webhooks/${w.id}/deliveries?limit=200`)).status).toBe(200);
  });
  for (const q of ['limit=0', 'limit=201', 'offset=-1']) {
    it(`422 for ${q}`, async () => {
      const w = await newWebhook();
      const r = await h.json('GET', `/v1/webhooks/${w.id}/deliveries?${q}`);
      expect(r.status).toBe(422);
    });
  }
  it('404 for an unknown webhook', async () => {
    const r = await h.json('GET', '/v1/webhooks/wh_01jd8x2k3m4n5p6q7r8s9t0v1w/deliveries');
    expect(r.status).toBe(404);
  });
  it('deleting the webhook removes its deliveries', async () => {
    const w = await newWebhook();
    await h.json('POST', `/v1/webhooks/${w.id}/test`);
    await h.request('DELETE', `/v1/webhooks/${w.id}`);
    const rows = await h.store.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', w.id)
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('WebhookDeliverer.attempt (the outbox building block)', () => {
  it('marks a failed attempt retrying with next_retry_at, then succeeded, counting attempts', async () => {
    const w = await newWebhook();
    const d = await h.core.webhookDeliveries.insert(h.orgId, {
      id: newId('webhookDelivery'),
      webhookId: w.id,
      targetUrl: w.url,
      event: 'call.ended',
      messageId: newId('message'),
      callId: null,
      payload: { event: 'call.ended', call_id: 'call_x' },
    });
    receiver.reply({ status: 503 });
    const retryAt = new Date(h.clock.now() + 30_000);
    const first = await h.core.webhookDeliverer.attempt(d, w.secret, { nextRetryAt: retryAt });
    expect(first).toMatchObject({
      status: 'retrying',
      attempt: 1,
      response_status: 503,
      next_retry_at: retryAt.toISOString(),
      completed_at: null,
    });
    receiver.reply({ status: 204 });
    h.clock.advance(30_000);
    const second = await h.core.webhookDeliverer.attempt(first, w.secret);
    expect(second).toMatchObject({
      status: 'succeeded',
      attempt: 2,
      response_status: 204,
      next_retry_at: null,
    });
    const [a, b] = receiver.received.slice(-2);
    expect(a!.headers['webhook-id']).toBe(b!.headers['webhook-id']);
    expect(b!.verified).toEqual({ event: 'call.ended', call_id: 'call_x' });
  });
});

describe('SSRF guard with PARLEY_ALLOW_PRIVATE_URLS unset', () => {
  let g: Harness;
  beforeAll(async () => {
    g = await createHarness();
  });
  afterAll(async () => {
    await g.close();
  });

  for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://[::1]/x', 'http://10.0.0.5/x']) {
    it(`422 PRIVATE_URL_NOT_ALLOWED on create for ${url}, naming the variable`, async () => {
      const r = await g.json('POST', '/v1/webhooks', { body: { name: 'x', url, events: ['call.ended'] } });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('PRIVATE_URL_NOT_ALLOWED');
      expect(r.body.detail[0].loc).toEqual(['body', 'url']);
      expect(r.body.error.message).toMatch(/PARLEY_ALLOW_PRIVATE_URLS/);
    });
  }

  it('422 on PATCH to a private URL', async () => {
    const w = await g.json('POST', '/v1/webhooks', {
      body: { name: 'x', url: 'https://example.com/x', events: ['call.ended'] },
    });
    const r = await g.json('PATCH', `/v1/webhooks/${w.body.id}`, { body: { url: 'http://192.168.1.1/' } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PRIVATE_URL_NOT_ALLOWED');
  });

  it('a stored loopback URL is refused at send time and recorded as a failed delivery', async () => {
    const w = await g.json('POST', '/v1/webhooks', {
      body: { name: 'x', url: 'https://example.com/x', events: ['call.ended'] },
    });
    await g.store.db.updateTable('webhooks').set({ url: receiver.url }).where('id', '=', w.body.id).execute();
    const before = receiver.received.length;
    const r = await g.json('POST', `/v1/webhooks/${w.body.id}/test`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'failed', response_status: null, attempt: 1 });
    expect(r.body.error).toMatch(/PARLEY_ALLOW_PRIVATE_URLS/);
    expect(receiver.received.length).toBe(before);
  });
});
