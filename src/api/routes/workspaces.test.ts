import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('POST /v1/workspaces', () => {
  it('201 with the first secret key, which works in the new workspace only', async () => {
    const r = await h.json('POST', '/v1/workspaces', { body: { name: 'Acme' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: 'Acme',
      max_calls_per_day: expect.any(Number),
      kb_token_budget: 10000,
    });
    expect(r.body.id).toMatch(/^org_/);
    expect(r.body.api_key).toMatch(/^oi_sk_/);
    const me = await h.json('GET', '/v1/auth/me', { key: r.body.api_key });
    expect(me.body).toMatchObject({ workspace_id: r.body.id, workspace_name: 'Acme', is_admin: false });
  });
  it('403 for a non-admin key', async () => {
    const ws = await h.newWorkspace();
    const r = await h.json('POST', '/v1/workspaces', { key: ws.key, body: { name: 'x' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });
  it('422 without a name', async () => {
    expect((await h.json('POST', '/v1/workspaces', { body: {} })).status).toBe(422);
  });
});

describe('GET /v1/workspaces', () => {
  it('200 lists every workspace for the admin', async () => {
    const r = await h.json('GET', '/v1/workspaces');
    expect(r.status).toBe(200);
    expect(r.body.items.map((w: { name: string }) => w.name)).toContain('default');
  });
  it('403 for a non-admin key', async () => {
    const ws = await h.newWorkspace();
    expect((await h.json('GET', '/v1/workspaces', { key: ws.key })).status).toBe(403);
  });
});

describe('GET /v1/auth/me', () => {
  it('200 names the workspace and says the bootstrap key is admin', async () => {
    const r = await h.json('GET', '/v1/auth/me');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ workspace_id: h.orgId, workspace_name: 'default', is_admin: true });
    expect(r.body.key_id).toMatch(/^key_/);
  });
});

describe('/v1/api-keys', () => {
  it('201 shows the key once; list shows only prefixes; the key authenticates', async () => {
    const ws = await h.newWorkspace();
    const c = await h.json('POST', '/v1/api-keys', { key: ws.key, body: { name: 'ci' } });
    expect(c.status).toBe(201);
    expect(c.body.key).toMatch(/^oi_sk_/);
    expect(c.body.key.startsWith(c.body.key_prefix)).toBe(true);
    const list = await h.json('GET', '/v1/api-keys', { key: ws.key });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(c.body.key);
    expect((await h.json('GET', '/v1/auth/me', { key: c.body.key })).status).toBe(200);
  });
  it('204 revokes a key, which then stops working; 404 after', async () => {
    const ws = await h.newWorkspace();
    const c = await h.json('POST', '/v1/api-keys', { key: ws.key, body: { name: 'temp' } });
    expect((await h.request('DELETE', `/v1/api-keys/${c.body.id}`, { key: ws.key })).status).toBe(204);
    expect((await h.json('GET', '/v1/auth/me', { key: c.body.key })).status).toBe(401);
    expect((await h.json('DELETE', `/v1/api-keys/${c.body.id}`, { key: ws.key })).status).toBe(404);
  });
  it('404 deleting another workspace’s key', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const c = await h.json('POST', '/v1/api-keys', { key: a.key, body: { name: 'a' } });
    expect((await h.json('DELETE', `/v1/api-keys/${c.body.id}`, { key: b.key })).status).toBe(404);
  });
});

describe('/v1/workspaces/{workspace_id}/api-keys', () => {
  it('201 creates a key in another workspace for the admin; 403 otherwise; 404 unknown workspace', async () => {
    const ws = await h.newWorkspace('target');
    const r = await h.json('POST', `/v1/workspaces/${ws.orgId}/api-keys`, { body: { name: 'ops' } });
    expect(r.status).toBe(201);
    expect((await h.json('GET', '/v1/auth/me', { key: r.body.key })).body.workspace_id).toBe(ws.orgId);
    expect((await h.json('GET', `/v1/workspaces/${ws.orgId}/api-keys`)).body).toHaveLength(2);
    expect(
      (await h.json('POST', `/v1/workspaces/${ws.orgId}/api-keys`, { key: ws.key, body: {} })).status,
    ).toBe(403);
    expect(
      (await h.json('POST', '/v1/workspaces/org_01jd8x2k3m4n5p6q7r8s9t0v1w/api-keys', { body: {} })).status,
    ).toBe(404);
  });
});

describe('request ids and unknown routes', () => {
  it('every response carries X-Request-Id, errors repeat it in the body', async () => {
    const r = await h.json('GET', '/v1/nope');
    expect(r.status).toBe(404);
    expect(r.headers.get('x-request-id')).toBe(r.body.error.request_id);
    expect(r.body.error.code).toBe('ROUTE_NOT_FOUND');
    const ok = await h.request('GET', '/health', { key: null });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toMatch(/^req_/);
  });
  it('serves the OpenAPI document and the docs page without a key', async () => {
    const doc = await h.json('GET', '/v1/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/v1/agents/{agent_id}');
    const page = await h.request('GET', '/docs', { key: null });
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect(await (await h.request('GET', '/docs/init.js', { key: null })).text()).toContain(
      '/v1/openapi.json',
    );
    const asset = await h.request('GET', '/docs/assets/swagger-ui-bundle.js', { key: null });
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});

runSecurityCases('workspaces', () => h, [
  { method: 'GET', prepare: async () => ({ path: '/v1/auth/me' }) },
  { method: 'POST', prepare: async () => ({ path: '/v1/api-keys', body: { name: 'x' } }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/api-keys' }) },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async (hh) => ({
      path: `/v1/api-keys/${(await hh.json('POST', '/v1/api-keys', { body: { name: 'z' } })).body.id}`,
    }),
  },
]);
