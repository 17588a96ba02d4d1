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

describe('GET /v1/workspace', () => {
  it('200 shows the caller’s workspace, its limits and a stable default webhook secret', async () => {
    const { orgId, key } = await h.newWorkspace('acme');
    const r = await h.json('GET', '/v1/workspace', { key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: orgId,
      name: 'acme',
      max_calls_per_day: 1000,
      max_concurrent_calls: 10,
    });
    expect(r.body.webhook_secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await h.json('GET', '/v1/workspace', { key })).body.webhook_secret).toBe(r.body.webhook_secret);
    const mine = (await h.json('GET', '/v1/workspace')).body;
    expect(mine.id).toBe(h.orgId);
    expect(mine.webhook_secret).not.toBe(r.body.webhook_secret);
  });

  it('stores the secret sealed, never in plain text', async () => {
    const { orgId, key } = await h.newWorkspace('sealed');
    const { webhook_secret } = (await h.json('GET', '/v1/workspace', { key })).body;
    const row = await h.store.db
      .selectFrom('workspaces')
      .select('webhook_secret_sealed')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(row.webhook_secret_sealed).not.toContain(webhook_secret.slice(6));
  });
});

describe('OpenAPI document', () => {
  it('documents GET /v1/workspace and the key-less signed recording download', async () => {
    const r = await h.json('GET', '/v1/openapi.json', { key: null });
    const workspace = r.body.paths['/v1/workspace'].get;
    expect(workspace.summary).toBeTruthy();
    expect(workspace.description).toMatch(/webhook signing secret/);
    expect(workspace.security).toEqual([{ bearerAuth: [] }]);
    const recording = r.body.paths['/v1/recordings/{call_id}'].get;
    expect(recording.description).toMatch(/valid for 4 hours/);
    expect(recording.security).toBeUndefined();
    expect(Object.keys(recording.responses)).toEqual(
      expect.arrayContaining(['200', '206', '403', '404', '416']),
    );
  });
});

runSecurityCases('GET /v1/workspace', () => h, [
  { method: 'GET', prepare: async () => ({ path: '/v1/workspace' }) },
]);
