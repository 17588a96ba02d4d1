import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { silentLogger } from '../../lib/logger.ts';
import type { AppEnv } from '../context.ts';
import { respondError, toAppError } from '../errors.ts';
import { authenticate } from '../middleware/auth.ts';
import { requestId } from '../middleware/request-id.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const path = '/v1/publishable-keys';
async function newKey(body: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', path, { body: { name: 'Widget', ...body }, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('POST /v1/publishable-keys', () => {
  it('201 returns the full key once, with prefix, scopes and canonical origins', async () => {
    const k = await newKey({ allowed_origins: ['https://App.Example.com', 'http://localhost:5173'] });
    expect(k.id).toMatch(/^pk_[0-9a-z]{26}$/);
    expect(k.key).toMatch(/^oi_pk_live_[A-Za-z0-9_-]{32}$/);
    expect(k.key_prefix).toBe(k.key.slice(0, 15));
    expect(k).toMatchObject({
      name: 'Widget',
      is_active: true,
      allowed_origins: ['https://app.example.com', 'http://localhost:5173'],
      scopes: ['web_calls'],
      last_used_at: null,
    });
    const row = await h.store.db
      .selectFrom('publishable_keys')
      .select('key_hash')
      .where('id', '=', k.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(k.key);
  });
  it('201 defaults to any origin, accepts "*" and explicit scopes', async () => {
    expect((await newKey()).allowed_origins).toEqual([]);
    expect(await newKey({ allowed_origins: ['*'], scopes: ['web_calls'] })).toMatchObject({
      allowed_origins: ['*'],
      scopes: ['web_calls'],
    });
  });
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing name', { name: undefined }, ['body', 'name']],
    ['empty name', { name: '' }, ['body', 'name']],
    ['trailing slash', { allowed_origins: ['https://a.com/'] }, ['body', 'allowed_origins', 0]],
    ['a path', { allowed_origins: ['https://a.com/app'] }, ['body', 'allowed_origins', 0]],
    ['no scheme', { allowed_origins: ['a.com'] }, ['body', 'allowed_origins', 0]],
    ['ftp scheme', { allowed_origins: ['ftp://a.com'] }, ['body', 'allowed_origins', 0]],
    ['a query', { allowed_origins: ['https://a.com?x'] }, ['body', 'allowed_origins', 0]],
    ['wildcard subdomain', { allowed_origins: ['https://*.a.com'] }, ['body', 'allowed_origins', 0]],
    ['origins not an array', { allowed_origins: 'https://a.com' }, ['body', 'allowed_origins']],
    ['unknown scope', { scopes: ['agents:read'] }, ['body', 'scopes', 0]],
  ];
  for (const [label, extra, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', path, { body: { name: 'Widget', ...extra } });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
});

describe('GET /v1/publishable-keys', () => {
  it('200 is a bare array, oldest first, without the key', async () => {
    const ws = await h.newWorkspace();
    const a = await newKey({ name: 'a' }, ws.key);
    const b = await newKey({ name: 'b' }, ws.key);
    const r = await h.json('GET', path, { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body.map((k: { id: string }) => k.id)).toEqual([a.id, b.id]);
    expect(r.body[0]).not.toHaveProperty('key');
    expect(JSON.stringify(r.body)).not.toContain(a.key);
  });
});

describe('GET /v1/publishable-keys/{key_id}', () => {
  it('200 returns the key without its value', async () => {
    const { key, ...rest } = await newKey();
    const r = await h.json('GET', `${path}/${rest.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(rest);
    expect(key).toBeTruthy();
  });
  it('404 PUBLISHABLE_KEY_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['pk_01jd8x2k3m4n5p6q7r8s9t0v1w', 'oi_pk_live_x']) {
      const r = await h.json('GET', `${path}/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('PUBLISHABLE_KEY_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/publishable-keys/{key_id}', () => {
  it('200 replaces allowed_origins and updates name and is_active', async () => {
    const k = await newKey({ allowed_origins: ['https://a.com', 'https://b.com'] });
    const r = await h.json('PATCH', `${path}/${k.id}`, {
      body: { allowed_origins: ['https://c.com'], name: 'Renamed', is_active: false },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ allowed_origins: ['https://c.com'], name: 'Renamed', is_active: false });
    const cleared = await h.json('PATCH', `${path}/${k.id}`, { body: { allowed_origins: [], name: null } });
    expect(cleared.body).toMatchObject({ allowed_origins: [], name: 'Renamed' });
  });
  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['unknown field', { scopes: ['web_calls'] }, ['body', 'scopes']],
    ['bad origin', { allowed_origins: ['https://a.com/'] }, ['body', 'allowed_origins', 0]],
    ['is_active not boolean', { is_active: 'yes' }, ['body', 'is_active']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const k = await newKey();
      const r = await h.json('PATCH', `${path}/${k.id}`, { body });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }
  it('404 for an unknown key', async () => {
    const r = await h.json('PATCH', `${path}/pk_01jd8x2k3m4n5p6q7r8s9t0v1w`, { body: { name: 'x' } });
    expect(r.status).toBe(404);
  });
});

describe('DELETE /v1/publishable-keys/{key_id}', () => {
  it('204 revokes, then 404', async () => {
    const k = await newKey();
    expect((await h.request('DELETE', `${path}/${k.id}`)).status).toBe(204);
    expect((await h.json('GET', `${path}/${k.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `${path}/${k.id}`)).status).toBe(404);
  });
});

describe('publishable keys at the auth middleware (POST /v1/web-calls/token only)', () => {
  // The token route itself belongs to the calls API; this app shows exactly what auth lets through.
  let probe: Hono<AppEnv>;
  beforeAll(() => {
    probe = new Hono<AppEnv>();
    probe.use('*', requestId(silentLogger()));
    probe.onError((e, c) => respondError(c, toAppError(e)));
    probe.use(
      '/v1/*',
      authenticate(h.core.workspaces, () => false),
    );
    probe.post('/v1/web-calls/token', (c) => c.json({ principal: c.get('principal') }));
    probe.get('/v1/agents', (c) => c.json({ ok: true }));
  });
  const call = (key: string, origin?: string, method = 'POST', p = '/v1/web-calls/token') =>
    probe.request(p, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(origin ? { origin } : {}) },
    });

  it('200 from an allowed origin (compared case-insensitively)', async () => {
    const k = await newKey({ allowed_origins: ['https://shop.example.com'] });
    for (const origin of ['https://shop.example.com', 'https://SHOP.example.com']) {
      const r = await call(k.key, origin);
      expect(r.status).toBe(200);
      expect((await r.json()).principal).toMatchObject({ kind: 'publishable', keyId: k.id, orgId: h.orgId });
    }
  });
  it('403 ORIGIN_NOT_ALLOWED for another origin or without an Origin header', async () => {
    const k = await newKey({ allowed_origins: ['https://shop.example.com'] });
    for (const origin of ['https://evil.example.com', 'http://shop.example.com', undefined]) {
      const r = await call(k.key, origin);
      expect(r.status).toBe(403);
      expect((await r.json()).error.code).toBe('ORIGIN_NOT_ALLOWED');
    }
  });
  it('200 from any origin (or none) when the list is empty or "*"', async () => {
    for (const allowed of [[], ['*']]) {
      const k = await newKey({ allowed_origins: allowed });
      expect((await call(k.key, 'https://anywhere.example')).status).toBe(200);
      expect((await call(k.key)).status).toBe(200);
    }
  });
  it('401 once disabled, 200 again when re-enabled (the auth cache is invalidated)', async () => {
    const k = await newKey();
    expect((await call(k.key)).status).toBe(200);
    await h.json('PATCH', `${path}/${k.id}`, { body: { is_active: false } });
    const r = await call(k.key);
    expect(r.status).toBe(401);
    expect((await r.json()).error.message).toMatch(/disabled/);
    await h.json('PATCH', `${path}/${k.id}`, { body: { is_active: true } });
    expect((await call(k.key)).status).toBe(200);
  });
  it('403 after an origin change, and 401 once deleted', async () => {
    const k = await newKey();
    expect((await call(k.key, 'https://a.example')).status).toBe(200);
    await h.json('PATCH', `${path}/${k.id}`, { body: { allowed_origins: ['https://b.example'] } });
    expect((await call(k.key, 'https://a.example')).status).toBe(403);
    await h.request('DELETE', `${path}/${k.id}`);
    expect((await call(k.key, 'https://b.example')).status).toBe(401);
  });
  it('403 FORBIDDEN on any other route, even from an allowed origin', async () => {
    const k = await newKey({ allowed_origins: ['https://a.example'] });
    const r = await call(k.key, 'https://a.example', 'GET', '/v1/agents');
    expect(r.status).toBe(403);
    expect((await r.json()).error.code).toBe('FORBIDDEN');
    const real = await h.json('GET', path, { key: k.key, headers: { origin: 'https://a.example' } });
    expect(real.status).toBe(403);
  });
});

runSecurityCases('publishable keys', () => h, [
  { method: 'POST', prepare: async () => ({ path, body: { name: 'x' } }) },
  { method: 'GET', prepare: async () => ({ path }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `${path}/${(await newKey()).id}` }) },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `${path}/${(await newKey()).id}`, body: { name: 'y' } }),
  },
  { method: 'DELETE', scoped: true, prepare: async () => ({ path: `${path}/${(await newKey()).id}` }) },
]);
