import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration, integrationBodies } from '../../../test/support/integrations.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { newId } from '../../domain/ids.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const sid = `AC${'0f'.repeat(16)}`;

describe('POST /v1/integrations', () => {
  it('201 returns only the masked key, and the stored column is sealed, not the plaintext', async () => {
    const apiKey = 'sk-proj-supersecret-abcd';
    const r = await h.json('POST', '/v1/integrations', {
      body: { name: 'Prod', provider: 'openai', api_key: apiKey },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^crd_[0-9a-z]{26}$/),
      name: 'Prod',
      provider: 'openai',
      masked_key: 'sk-…abcd',
      metadata: {},
      created_at: expect.stringMatching(/Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    expect(JSON.stringify(r.body)).not.toContain('supersecret');
    const row = await h.store.db
      .selectFrom('integrations')
      .selectAll()
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row.encrypted_key).not.toContain('supersecret');
    expect(row.encrypted_key).toMatch(/^v1\./);
    expect(h.core.secrets.decrypt(row.encrypted_key)).toBe(apiKey);
    const resolved = await h.core.integrations.resolve(h.orgId, r.body.id);
    expect(resolved).toEqual({ id: r.body.id, provider: 'openai', apiKey, metadata: {} });
  });

  it('201 masks a short key completely', async () => {
    const r = await h.json('POST', '/v1/integrations', {
      body: { name: 'Short', provider: 'groq', api_key: 'abc123' },
    });
    expect(r.body.masked_key).toBe('****');
  });

  it('201 accepts cal.com and stores calcom', async () => {
    const r = await h.json('POST', '/v1/integrations', {
      body: { name: 'Cal', provider: 'cal.com', api_key: 'cal_live_0123456789' },
    });
    expect(r.status).toBe(201);
    expect(r.body.provider).toBe('calcom');
    expect((await h.json('GET', `/v1/integrations/${r.body.id}`)).body.provider).toBe('calcom');
  });

  it('201 on the /v1/credentials alias, with provider metadata', async () => {
    const r = await h.json('POST', '/v1/credentials', {
      body: { name: 'Tw', provider: 'twilio', api_key: 'f'.repeat(32), metadata: { account_sid: sid } },
    });
    expect(r.status).toBe(201);
    expect(r.body.metadata).toEqual({ account_sid: sid });
    const sender = await h.json('POST', '/v1/credentials', {
      body: { ...integrationBodies.resend, metadata: { from: 'Acme Support <help@acme.test>' } },
    });
    expect(sender.status).toBe(201);
  });

  it('201 ignores unknown fields', async () => {
    const r = await h.json('POST', '/v1/integrations', { body: { ...integrationBodies.openai, scope: 'x' } });
    expect(r.status).toBe(201);
    expect(r.body).not.toHaveProperty('scope');
  });
});

describe('GET /v1/integrations', () => {
  it('200 pages newest first with total, on both paths', async () => {
    const ws = await h.newWorkspace();
    const a = await createIntegration(h, 'openai', { key: ws.key });
    const b = await createIntegration(h, 'cartesia', { key: ws.key });
    const r = await h.json('GET', '/v1/integrations?limit=1', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(r.body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    const alias = await h.json('GET', '/v1/credentials?offset=1', { key: ws.key });
    expect(alias.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect(JSON.stringify(alias.body)).not.toContain('encrypted');
  });

  it('422 for limit 101', async () => {
    expect((await h.json('GET', '/v1/integrations?limit=101')).status).toBe(422);
  });
});

describe('GET /v1/integrations/{credential_id}', () => {
  it('200 returns the integration on both paths', async () => {
    const i = await createIntegration(h, 'elevenlabs');
    const r = await h.json('GET', `/v1/integrations/${i.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(i);
    expect((await h.json('GET', `/v1/credentials/${i.id}`)).body).toEqual(i);
  });

  it('404 INTEGRATION_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [newId('integration'), 'crd_x', newId('agent')]) {
      const r = await h.json('GET', `/v1/integrations/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('INTEGRATION_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/integrations/{credential_id}', () => {
  it('200 renames and keeps the key', async () => {
    const i = await createIntegration(h, 'openai');
    const r = await h.json('PATCH', `/v1/integrations/${i.id}`, { body: { name: 'Renamed' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'Renamed', masked_key: i.masked_key });
  });

  it('200 rotates api_key: new mask, new sealed value, resolve returns the new key', async () => {
    const i = await createIntegration(h, 'openai');
    const r = await h.json('PATCH', `/v1/credentials/${i.id}`, { body: { api_key: 'sk-rotated-key-9999' } });
    expect(r.status).toBe(200);
    expect(r.body.masked_key).toBe('sk-…9999');
    expect((await h.core.integrations.resolve(h.orgId, i.id)).apiKey).toBe('sk-rotated-key-9999');
  });

  it('200 merges metadata and a null value removes a key', async () => {
    const i = await createIntegration(h, 'resend', { body: { metadata: { from: 'a@acme.test', tag: 'x' } } });
    const r = await h.json('PATCH', `/v1/integrations/${i.id}`, {
      body: { metadata: { tag: null, base_url: 'https://api.resend.test' } },
    });
    expect(r.status).toBe(200);
    expect(r.body.metadata).toEqual({ from: 'a@acme.test', base_url: 'https://api.resend.test' });
  });

  it('200 when provider is sent unchanged', async () => {
    const i = await createIntegration(h, 'calcom');
    const r = await h.json('PATCH', `/v1/integrations/${i.id}`, { body: { provider: 'cal.com' } });
    expect(r.status).toBe(200);
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['an unknown field', { nmae: 'typo' }, ['body', 'nmae']],
    ['a provider change', { provider: 'anthropic' }, ['body', 'provider']],
    ['an empty api_key', { api_key: '' }, ['body', 'api_key']],
    [
      'removing a required metadata key',
      { metadata: { account_sid: null } },
      ['body', 'metadata', 'account_sid'],
    ],
    ['a bad base_url', { metadata: { base_url: 'nope' } }, ['body', 'metadata', 'base_url']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 for ${label}, and nothing changes`, async () => {
      const i = await createIntegration(h, 'twilio');
      const r = await h.json('PATCH', `/v1/integrations/${i.id}`, { body: { name: 'changed', ...body } });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
      expect((await h.json('GET', `/v1/integrations/${i.id}`)).body).toEqual(i);
    });
  }

  it('404 for an unknown integration', async () => {
    const r = await h.json('PATCH', `/v1/integrations/${newId('integration')}`, { body: { name: 'x' } });
    expect(r.status).toBe(404);
  });
});

describe('DELETE /v1/integrations/{credential_id}', () => {
  it('204 deletes, then 404', async () => {
    const i = await createIntegration(h, 'openai');
    expect((await h.request('DELETE', `/v1/credentials/${i.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/integrations/${i.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/integrations/${i.id}`)).status).toBe(404);
  });

  it('409 while tools, models, voices, agents or phone numbers use it, listing their ids', async () => {
    const i = await createIntegration(h, 'elevenlabs');
    const model = await h.json('POST', '/v1/models', { body: { credential_id: i.id } });
    const agent = await h.json('POST', '/v1/agents', { body: { name: 'a', tts: { credential_id: i.id } } });
    const db = h.store.db;
    const [toolId, voiceId, phoneId] = [newId('tool'), newId('voice'), newId('phoneNumber')];
    await db
      .insertInto('tools')
      .values({ id: toolId, org_id: h.orgId, type: 'send_email', name: 't', credential_id: i.id })
      .execute();
    await db
      .insertInto('voices')
      .values({
        id: voiceId,
        org_id: h.orgId,
        provider: 'elevenlabs',
        provider_voice_id: 'v',
        name: 'v',
        credential_id: i.id,
      })
      .execute();
    await db
      .insertInto('phone_numbers')
      .values({
        id: phoneId,
        org_id: h.orgId,
        phone_number: '+15550002222',
        provider: 'twilio',
        credential_id: i.id,
      })
      .execute();
    const r = await h.json('DELETE', `/v1/integrations/${i.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details).toEqual({
      tool_ids: [toolId],
      model_ids: [model.body.id],
      voice_ids: [voiceId],
      agent_ids: [agent.body.id],
      phone_number_ids: [phoneId],
    });
    await db.deleteFrom('phone_numbers').where('id', '=', phoneId).execute();
    await db.deleteFrom('tools').where('id', '=', toolId).execute();
    await db.deleteFrom('voices').where('id', '=', voiceId).execute();
    await h.json('DELETE', `/v1/agents/${agent.body.id}`);
    const partial = await h.json('DELETE', `/v1/integrations/${i.id}`);
    expect(partial.status).toBe(409);
    expect(partial.body.error.details).toEqual({ model_ids: [model.body.id] });
    await h.json('PATCH', `/v1/models/${model.body.id}`, { body: { credential_id: null } });
    expect((await h.request('DELETE', `/v1/integrations/${i.id}`)).status).toBe(204);
  });
});

for (const base of ['/v1/integrations', '/v1/credentials'])
  runSecurityCases(base, () => h, [
    { method: 'POST', prepare: async () => ({ path: base, body: integrationBodies.openai }) },
    { method: 'GET', prepare: async () => ({ path: base }) },
    {
      method: 'GET',
      scoped: true,
      prepare: async () => ({ path: `${base}/${(await createIntegration(h, 'openai')).id}` }),
    },
    {
      method: 'PATCH',
      scoped: true,
      prepare: async () => ({
        path: `${base}/${(await createIntegration(h, 'openai')).id}`,
        body: { name: 'y' },
      }),
    },
    {
      method: 'DELETE',
      scoped: true,
      prepare: async () => ({ path: `${base}/${(await createIntegration(h, 'openai')).id}` }),
    },
  ]);
