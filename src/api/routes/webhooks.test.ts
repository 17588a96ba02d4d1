import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ env: { PARLEY_ALLOW_PRIVATE_URLS: 'true' } });
});
afterAll(async () => {
  await h.close();
});

const body = (extra: Record<string, unknown> = {}) => ({
  name: 'Call events',
  url: 'https://example.com/hooks/parley',
  events: ['call.started', 'call.ended'],
  ...extra,
});

async function newWebhook(extra: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', '/v1/webhooks', { body: body(extra), ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('POST /v1/webhooks', () => {
  it('201 returns the webhook with a Standard Webhooks secret and status active', async () => {
    const w = await newWebhook();
    expect(w).toMatchObject({
      name: 'Call events',
      url: 'https://example.com/hooks/parley',
      events: ['call.started', 'call.ended'],
      status: 'active',
    });
    expect(w.id).toMatch(/^wh_[0-9a-z]{26}$/);
    expect(w.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(w.secret.slice(6), 'base64')).toHaveLength(32);
    expect(w.created_at).toMatch(/Z$/);
    expect(w.updated_at).toBe(w.created_at);
  });

  it('201 stores the secret encrypted, never in clear', async () => {
    const w = await newWebhook();
    const row = await h.store.db
      .selectFrom('webhooks')
      .select('encrypted_secret')
      .where('id', '=', w.id)
      .executeTakeFirstOrThrow();
    expect(row.encrypted_secret).toMatch(/^v1\./);
    expect(row.encrypted_secret).not.toContain(w.secret.slice(6));
  });

  it('201 accepts call.analyzed and every documented event, removes duplicates, ignores unknown fields', async () => {
    const all = [
      'call.started',
      'call.ended',
      'call.failed',
      'call.analyzed',
      'call.recording.available',
      'transcript.partial',
      'transcript.final',
    ];
    const w = await newWebhook({ events: [...all, 'call.ended'], secret: 'mine', color: 'red' });
    expect(w.events).toEqual(all);
    expect(w.secret).not.toBe('mine');
    expect(w).not.toHaveProperty('color');
  });

  it('201 gives each webhook its own secret', async () => {
    expect((await newWebhook()).secret).not.toBe((await newWebhook()).secret);
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing name', { name: undefined }, ['body', 'name']],
    ['empty name', { name: '' }, ['body', 'name']],
    ['name too long', { name: 'x'.repeat(256) }, ['body', 'name']],
    ['missing url', { url: undefined }, ['body', 'url']],
    ['url not a URL', { url: 'not a url' }, ['body', 'url']],
    ['ftp url', { url: 'ftp://example.com/x' }, ['body', 'url']],
    ['missing events', { events: undefined }, ['body', 'events']],
    ['empty events', { events: [] }, ['body', 'events']],
    ['21 events', { events: Array(21).fill('call.ended') }, ['body', 'events']],
    ['unknown event', { events: ['call.exploded'] }, ['body', 'events', 0]],
    ['events not an array', { events: 'call.ended' }, ['body', 'events']],
    ['name wrong type', { name: 5 }, ['body', 'name']],
  ];
  for (const [label, extra, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/webhooks', { body: body(extra) });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});

describe('GET /v1/webhooks', () => {
  it('200 pages newest first with total', async () => {
    const ws = await h.newWorkspace();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newWebhook({ name: `w${i}` }, ws.key)).id);
    const r = await h.json('GET', '/v1/webhooks?limit=2', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(r.body.items.map((w: { id: string }) => w.id)).toEqual([ids[2], ids[1]]);
    expect(r.body.items[0].secret).toMatch(/^whsec_/);
    const r2 = await h.json('GET', '/v1/webhooks?offset=2', { key: ws.key });
    expect(r2.body.items.map((w: { id: string }) => w.id)).toEqual([ids[0]]);
    expect(r2.body.limit).toBe(50);
  });
  for (const q of ['limit=0', 'limit=201', 'offset=-1']) {
    it(`422 for ${q}`, async () => {
      const r = await h.json('GET', `/v1/webhooks?${q}`);
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc[0]).toBe('query');
    });
  }
});

describe('GET /v1/webhooks/{webhook_id}', () => {
  it('200 returns the webhook with the same secret', async () => {
    const w = await newWebhook();
    const r = await h.json('GET', `/v1/webhooks/${w.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(w);
  });
  it('404 WEBHOOK_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['wh_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w']) {
      const r = await h.json('GET', `/v1/webhooks/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('WEBHOOK_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/webhooks/{webhook_id}', () => {
  it('200 updates status and replaces events, keeping the rest', async () => {
    const w = await newWebhook();
    const r = await h.json('PATCH', `/v1/webhooks/${w.id}`, {
      body: { status: 'disabled', events: ['call.failed'] },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'disabled', events: ['call.failed'], name: w.name, url: w.url });
    expect(r.body.secret).toBe(w.secret);
    const back = await h.json('PATCH', `/v1/webhooks/${w.id}`, {
      body: { status: 'active', url: 'http://example.org/new', name: 'Renamed' },
    });
    expect(back.body).toMatchObject({ status: 'active', url: 'http://example.org/new', name: 'Renamed' });
  });
  it('200 null leaves a field as is', async () => {
    const w = await newWebhook();
    const r = await h.json('PATCH', `/v1/webhooks/${w.id}`, { body: { name: null, events: null } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: w.name, events: w.events });
  });
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['unknown field', { secret: 'whsec_x' }, ['body', 'secret']],
    ['bad status', { status: 'paused' }, ['body', 'status']],
    ['empty events', { events: [] }, ['body', 'events']],
    ['bad url', { url: 'mailto:a@b.c' }, ['body', 'url']],
    ['empty name', { name: '' }, ['body', 'name']],
  ];
  for (const [label, patch, loc] of invalid) {
    it(`422 ${label}, and nothing changes`, async () => {
      const w = await newWebhook();
      const r = await h.json('PATCH', `/v1/webhooks/${w.id}`, {
        body: { ...patch, name: patch.name ?? 'x' },
      });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
      expect((await h.json('GET', `/v1/webhooks/${w.id}`)).body).toEqual(w);
    });
  }
  it('404 for an unknown webhook', async () => {
    const r = await h.json('PATCH', '/v1/webhooks/wh_01jd8x2k3m4n5p6q7r8s9t0v1w', { body: { name: 'x' } });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('WEBHOOK_NOT_FOUND');
  });
});

describe('DELETE /v1/webhooks/{webhook_id}', () => {
  it('204 deletes, then 404', async () => {
    const w = await newWebhook();
    expect((await h.request('DELETE', `/v1/webhooks/${w.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/webhooks/${w.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/webhooks/${w.id}`)).status).toBe(404);
  });
  it('409 while an agent uses it, with details.agent_ids', async () => {
    const w = await newWebhook();
    const a = await h.json('POST', '/v1/agents', { body: { name: 'A', webhook_id: w.id } });
    expect(a.status).toBe(201);
    const r = await h.json('DELETE', `/v1/webhooks/${w.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details.agent_ids).toEqual([a.body.id]);
    await h.json('PATCH', `/v1/agents/${a.body.id}`, { body: { webhook_id: null } });
    expect((await h.request('DELETE', `/v1/webhooks/${w.id}`)).status).toBe(204);
  });
});

describe('WebhookRepo.subscribedTo (used by the outbox)', () => {
  it('returns only active webhooks subscribed to the event', async () => {
    const ws = await h.newWorkspace();
    const ended = await newWebhook({ events: ['call.ended'] }, ws.key);
    await newWebhook({ events: ['call.started'] }, ws.key);
    const off = await newWebhook({ events: ['call.ended'] }, ws.key);
    await h.json('PATCH', `/v1/webhooks/${off.id}`, { key: ws.key, body: { status: 'disabled' } });
    const got = await h.core.webhookRepo.subscribedTo(ws.orgId, 'call.ended');
    expect(got.map((w) => w.id)).toEqual([ended.id]);
    expect(got[0]!.secret).toBe(ended.secret);
  });
});

describe('OpenAPI document', () => {
  it('documents every webhooks, outcomes, publishable-key, usage, audit and auth operation', async () => {
    const r = await h.json('GET', '/v1/openapi.json', { key: null });
    expect(r.status).toBe(200);
    const ops = [
      ['post', '/v1/webhooks'],
      ['get', '/v1/webhooks'],
      ['get', '/v1/webhooks/{webhook_id}'],
      ['patch', '/v1/webhooks/{webhook_id}'],
      ['delete', '/v1/webhooks/{webhook_id}'],
      ['get', '/v1/webhooks/{webhook_id}/deliveries'],
      ['post', '/v1/webhooks/{webhook_id}/test'],
      ['get', '/v1/workspace/call-outcomes'],
      ['post', '/v1/workspace/call-outcomes'],
      ['get', '/v1/workspace/call-outcomes/{outcome_id}'],
      ['patch', '/v1/workspace/call-outcomes/{outcome_id}'],
      ['delete', '/v1/workspace/call-outcomes/{outcome_id}'],
      ['post', '/v1/publishable-keys'],
      ['get', '/v1/publishable-keys'],
      ['get', '/v1/publishable-keys/{key_id}'],
      ['patch', '/v1/publishable-keys/{key_id}'],
      ['delete', '/v1/publishable-keys/{key_id}'],
      ['get', '/v1/usage'],
      ['get', '/v1/audit-events'],
      ['post', '/v1/auth/login'],
      ['post', '/v1/auth/logout'],
    ] as const;
    for (const [method, path] of ops) {
      const op = r.body.paths[path]?.[method];
      expect(op?.summary, `${method} ${path}`).toBeTruthy();
      expect(op?.description, `${method} ${path}`).toBeTruthy();
    }
    expect(r.body.paths['/v1/auth/login'].post.security).toBeUndefined();
    expect(r.body.components.schemas.WebhookCreate.example.events).toContain('call.analyzed');
  });
});

runSecurityCases('webhooks', () => h, [
  { method: 'POST', prepare: async () => ({ path: '/v1/webhooks', body: body() }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/webhooks' }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `/v1/webhooks/${(await newWebhook()).id}` }) },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `/v1/webhooks/${(await newWebhook()).id}`, body: { name: 'y' } }),
  },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => ({ path: `/v1/webhooks/${(await newWebhook()).id}` }),
  },
  {
    method: 'GET',
    scoped: true,
    prepare: async () => ({ path: `/v1/webhooks/${(await newWebhook()).id}/deliveries` }),
  },
  {
    method: 'POST',
    scoped: true,
    prepare: async () => ({ path: `/v1/webhooks/${(await newWebhook()).id}/test` }),
  },
]);
