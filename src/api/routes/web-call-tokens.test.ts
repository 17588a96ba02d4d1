import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSttIntegration, newAgent, webSessionFields } from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { publishableKey } from '../../../test/support/security.ts';

let h: Harness;
let agentId: string;
beforeAll(async () => {
  h = await createHarness();
  agentId = await newAgent(h);
  await addSttIntegration(h, h.orgId);
});
afterAll(async () => {
  await h.close();
});

describe('POST /v1/web-calls/token', () => {
  it('201 with a publishable key that allows any origin: the same session shape', async () => {
    const r = await h.json('POST', '/v1/web-calls/token', {
      key: await publishableKey(h),
      body: { agent_id: agentId, metadata: { source: 'homepage_widget' } },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual(webSessionFields);
    expect(r.body).toMatchObject({ type: 'web', status: 'queued', agent_id: agentId });
    expect((await h.json('GET', `/v1/calls/${r.body.id}`)).body.metadata).toEqual({
      source: 'homepage_widget',
      concurrency_at_dispatch: expect.any(Number),
    });
  });

  it('201 from an allowed origin', async () => {
    const key = await publishableKey(h, { allowedOrigins: ['https://shop.example'] });
    const r = await h.json('POST', '/v1/web-calls/token', {
      key,
      body: { agent_id: agentId },
      headers: { origin: 'https://shop.example' },
    });
    expect(r.status).toBe(201);
  });

  it('201 with a secret key too (a server may mint browser sessions)', async () => {
    const r = await h.json('POST', '/v1/web-calls/token', { body: { agent_id: agentId } });
    expect(r.status).toBe(201);
  });

  it('403 ORIGIN_NOT_ALLOWED from another origin or with no Origin header', async () => {
    const key = await publishableKey(h, { allowedOrigins: ['https://shop.example'] });
    for (const headers of [{ origin: 'https://evil.example' }, {}]) {
      const r = await h.json('POST', '/v1/web-calls/token', { key, body: { agent_id: agentId }, headers });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
    }
  });

  it('401 without a key, with a bad key, or with a disabled publishable key', async () => {
    for (const key of [
      null,
      'oi_pk_live_nope',
      await publishableKey(h, { allowedOrigins: [], active: false }),
    ]) {
      const r = await h.json('POST', '/v1/web-calls/token', { key, body: { agent_id: agentId } });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('422 naming the rule when overrides are sent (even null or empty)', async () => {
    for (const overrides of [{ tts: { voice_id: 'vc_x' } }, {}, null]) {
      const r = await h.json('POST', '/v1/web-calls/token', {
        key: await publishableKey(h),
        body: { agent_id: agentId, overrides },
      });
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc).toEqual(['body', 'overrides']);
      expect(r.body.detail[0].msg).toContain('overrides are not allowed');
    }
  });

  it('404 AGENT_NOT_FOUND for another workspace’s agent', async () => {
    const other = await h.newWorkspace();
    const theirs = await newAgent(h, other.key);
    const r = await h.json('POST', '/v1/web-calls/token', {
      key: await publishableKey(h),
      body: { agent_id: theirs },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
  });

  it('422 without agent_id', async () => {
    const r = await h.json('POST', '/v1/web-calls/token', { key: await publishableKey(h), body: {} });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'agent_id']);
  });
});
