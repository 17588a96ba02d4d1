import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { describeRequest } from '../middleware/audit.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

async function keyIdOf(key: string) {
  return (await h.json('GET', '/v1/auth/me', { key })).body.key_id as string;
}
async function events(key: string, query = '') {
  const r = await h.json('GET', `/v1/audit-events${query}`, { key });
  expect(r.status).toBe(200);
  return r.body;
}

describe('GET /v1/audit-events', () => {
  it('200 records a create with key, resource, request id, ip, user agent and payload hash', async () => {
    const ws = await h.newWorkspace();
    const body = JSON.stringify({ name: 'Audited' });
    const res = await h.request('POST', '/v1/agents', {
      key: ws.key,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'audit-test/1.0',
        'x-forwarded-for': '203.0.113.7, 10.0.0.1',
      },
    });
    expect(res.status).toBe(201);
    const agent = (await res.json()) as { id: string };
    const page = await events(ws.key);
    expect(page).toMatchObject({ has_more: false, next_cursor: null, limit: 20 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      org_id: ws.orgId,
      user_id: null,
      api_key_id: await keyIdOf(ws.key),
      action: 'agents.create',
      resource_type: 'agents',
      resource_id: agent.id,
      request_id: res.headers.get('x-request-id'),
      ip: '203.0.113.7',
      user_agent: 'audit-test/1.0',
      payload_hash: createHash('sha256').update(body).digest('hex'),
      status_code: 201,
    });
    expect(page.items[0].id).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(page.items[0].created_at).toMatch(/Z$/);
  });

  it('200 records updates, deletes, sub-actions and failed attempts, but not reads', async () => {
    const ws = await h.newWorkspace();
    const a = (await h.json('POST', '/v1/agents', { key: ws.key, body: { name: 'A' } })).body;
    await h.json('GET', `/v1/agents/${a.id}`, { key: ws.key });
    await h.json('GET', '/v1/agents', { key: ws.key });
    await h.json('PATCH', `/v1/agents/${a.id}`, { key: ws.key, body: { name: 'B' } });
    await h.json('PATCH', `/v1/agents/${a.id}`, { key: ws.key, body: { nope: 1 } });
    const w = (
      await h.json('POST', '/v1/webhooks', {
        key: ws.key,
        body: { name: 'w', url: 'https://example.com/h', events: ['call.ended'] },
      })
    ).body;
    await h.request('DELETE', `/v1/webhooks/${w.id}`, { key: ws.key });
    await h.request('DELETE', `/v1/agents/${a.id}`, { key: ws.key });
    const page = await events(ws.key);
    expect(
      page.items.map((e: { action: string; resource_id: string; status_code: number }) => [
        e.action,
        e.resource_id,
        e.status_code,
      ]),
    ).toEqual([
      ['agents.delete', a.id, 204],
      ['webhooks.delete', w.id, 204],
      ['webhooks.create', w.id, 201],
      ['agents.update', a.id, 422],
      ['agents.update', a.id, 200],
      ['agents.create', a.id, 201],
    ]);
  });

  it('200 pages with an opaque cursor until has_more is false', async () => {
    const ws = await h.newWorkspace();
    for (let i = 0; i < 5; i++) await h.json('POST', '/v1/agents', { key: ws.key, body: { name: `p${i}` } });
    const all = (await events(ws.key)).items.map((e: { id: string }) => e.id);
    expect(all).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await events(ws.key, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.limit).toBe(2);
      seen.push(...page.items.map((e: { id: string }) => e.id));
      expect(page.has_more).toBe(page.next_cursor !== null);
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('200 filters by action and resource_type', async () => {
    const ws = await h.newWorkspace();
    const a = (await h.json('POST', '/v1/agents', { key: ws.key, body: { name: 'A' } })).body;
    await h.json('PATCH', `/v1/agents/${a.id}`, { key: ws.key, body: { name: 'B' } });
    await h.json('POST', '/v1/workspace/call-outcomes', { key: ws.key, body: { label: 'Hot Lead' } });
    const byAction = await events(ws.key, '?action=agents.update');
    expect(byAction.items.map((e: { action: string }) => e.action)).toEqual(['agents.update']);
    const byType = await events(ws.key, '?resource_type=agents');
    expect(byType.items).toHaveLength(2);
    const both = await events(ws.key, '?resource_type=call-outcomes&action=call-outcomes.create');
    expect(both.items).toHaveLength(1);
    expect((await events(ws.key, '?action=nothing.like.this')).items).toEqual([]);
  });

  it('200 another workspace sees none of these events', async () => {
    const ws = await h.newWorkspace();
    await h.json('POST', '/v1/agents', { key: ws.key, body: { name: 'mine' } });
    const other = await h.newWorkspace();
    expect((await events(other.key)).items).toEqual([]);
  });

  for (const q of [
    'limit=0',
    'limit=101',
    'cursor=not-a-cursor',
    `cursor=${Buffer.from('agt_x').toString('base64url')}`,
  ])
    it(`422 for ${q}`, async () => {
      const r = await h.json('GET', `/v1/audit-events?${q}`);
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc[0]).toBe('query');
    });
});

describe('describeRequest (action naming)', () => {
  const id = 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w';
  const cases: [string, string, { resourceType: string; action: string; resourceId: string | null }][] = [
    ['POST', '/v1/agents', { resourceType: 'agents', action: 'agents.create', resourceId: null }],
    ['PATCH', `/v1/agents/${id}`, { resourceType: 'agents', action: 'agents.update', resourceId: id }],
    ['DELETE', `/v1/agents/${id}`, { resourceType: 'agents', action: 'agents.delete', resourceId: id }],
    [
      'POST',
      `/v1/webhooks/${id}/test`,
      { resourceType: 'webhooks', action: 'webhooks.test', resourceId: id },
    ],
    [
      'POST',
      '/v1/workspace/call-outcomes',
      { resourceType: 'call-outcomes', action: 'call-outcomes.create', resourceId: null },
    ],
    ['POST', '/v1/auth/login', { resourceType: 'auth', action: 'auth.login', resourceId: null }],
  ];
  for (const [method, path, want] of cases)
    it(`${method} ${path} → ${want.action}`, () => {
      expect(describeRequest(method, path)).toEqual(want);
    });
});

runSecurityCases('audit events', () => h, [
  { method: 'GET', prepare: async () => ({ path: '/v1/audit-events' }) },
]);
