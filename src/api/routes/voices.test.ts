import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { createIntegration } from '../../../test/support/integrations.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { newId } from '../../domain/ids.ts';
import { offlineVoiceId, platformVoices } from '../../domain/voice/catalogue.ts';

let h: Harness;
let eleven: string;
beforeAll(async () => {
  h = await createHarness();
  eleven = (await createIntegration(h, 'elevenlabs')).id;
});
afterAll(async () => {
  await h.close();
});

const importBody = (extra: Record<string, unknown> = {}) => ({
  provider: 'elevenlabs',
  provider_voice_id: '21m00Tcm4TlvDq8ikWAM',
  name: 'Rachel (cloned)',
  credential_id: eleven,
  ...extra,
});

async function importVoice(extra: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', '/v1/voices/import', { body: importBody(extra), ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((v) => v.id);

describe('GET /v1/voices', () => {
  it('200 lists the platform catalogue (offline voices first) with default limit 50', async () => {
    const ws = await h.newWorkspace();
    const r = await h.json('GET', '/v1/voices', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: platformVoices.length, limit: 50, offset: 0 });
    expect(ids(r)).toEqual(platformVoices.map((v) => v.id));
    expect(r.body.items[0]).toEqual({
      id: offlineVoiceId,
      provider: 'flite',
      provider_voice_id: 'kal',
      name: platformVoices[0]!.name,
      gender: 'male',
      language: 'en',
      accent: 'American',
      preview_url: `${h.core.api.publicUrl}/v1/voices/${offlineVoiceId}/preview`,
      credential_id: null,
      model: null,
      created_at: expect.stringMatching(/Z$/),
    });
  });

  it('200 merges the workspace’s imports after the catalogue, never another workspace’s', async () => {
    const ws = await h.newWorkspace();
    const cred = (await createIntegration(h, 'elevenlabs', { key: ws.key })).id;
    const a = await importVoice({ credential_id: cred }, ws.key);
    const b = await importVoice({ credential_id: cred, name: 'Second' }, ws.key);
    await importVoice();
    const r = await h.json('GET', `/v1/voices?offset=${platformVoices.length}`, { key: ws.key });
    expect(r.body.total).toBe(platformVoices.length + 2);
    expect(ids(r)).toEqual([b.id, a.id]);
  });

  it('200 filters by provider and pages', async () => {
    const ws = await h.newWorkspace();
    const cred = (await createIntegration(h, 'elevenlabs', { key: ws.key })).id;
    const mine = await importVoice({ credential_id: cred }, ws.key);
    const catalogue = platformVoices.filter((v) => v.provider === 'elevenlabs').map((v) => v.id);
    const r = await h.json('GET', '/v1/voices?provider=elevenlabs', { key: ws.key });
    expect(ids(r)).toEqual([...catalogue, mine.id]);
    const page = await h.json('GET', '/v1/voices?provider=elevenlabs&limit=1&offset=1', { key: ws.key });
    expect(page.body).toMatchObject({ total: catalogue.length + 1, limit: 1, offset: 1 });
    expect(ids(page)).toEqual([catalogue[1]]);
    expect((await h.json('GET', '/v1/voices?provider=nobody', { key: ws.key })).body).toMatchObject({
      items: [],
      total: 0,
    });
  });

  for (const q of ['limit=0', 'limit=201', 'offset=-1'])
    it(`422 for ${q}`, async () => {
      expect((await h.json('GET', `/v1/voices?${q}`)).status).toBe(422);
    });
  it('200 with limit 200 (the voices maximum)', async () => {
    expect((await h.json('GET', '/v1/voices?limit=200')).body.limit).toBe(200);
  });
});

describe('GET /v1/voices/{voice_id}', () => {
  it('200 returns a platform voice and an imported one', async () => {
    expect((await h.json('GET', `/v1/voices/${offlineVoiceId}`)).body.provider).toBe('flite');
    const v = await importVoice();
    const r = await h.json('GET', `/v1/voices/${v.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(v);
  });
  it('404 VOICE_NOT_FOUND for unknown, malformed or provider ids', async () => {
    for (const id of [newId('voice'), '21m00Tcm4TlvDq8ikWAM', newId('tool')]) {
      const r = await h.json('GET', `/v1/voices/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('VOICE_NOT_FOUND');
    }
  });
});

describe('POST /v1/voices/import', () => {
  it('201 returns the VoiceResponse with a vc_ id and the provider’s default model', async () => {
    const v = await importVoice({ gender: 'female', language: 'en', accent: 'American', extra: 'ignored' });
    expect(v).toEqual({
      id: expect.stringMatching(/^vc_[0-9a-z]{26}$/),
      provider: 'elevenlabs',
      provider_voice_id: '21m00Tcm4TlvDq8ikWAM',
      name: 'Rachel (cloned)',
      gender: 'female',
      language: 'en',
      accent: 'American',
      preview_url: null,
      credential_id: eleven,
      model: 'eleven_flash_v2_5',
      created_at: expect.stringMatching(/Z$/),
    });
  });

  it('201 keeps an explicit model; deepgram voices default to the voice name as model', async () => {
    expect((await importVoice({ model: 'eleven_multilingual_v2' })).model).toBe('eleven_multilingual_v2');
    const dg = await createIntegration(h, 'openai', { body: { provider: 'deepgram', name: 'DG' } });
    const v = await importVoice({
      provider: 'deepgram',
      provider_voice_id: 'aura-2-thalia-en',
      credential_id: dg.id,
    });
    expect(v.model).toBe('aura-2-thalia-en');
  });

  it('201 and an agent can then speak with it (its credential carries over)', async () => {
    const v = await importVoice();
    const a = await h.json('POST', '/v1/agents', { body: { name: 'a', tts: { voice_id: v.id } } });
    expect(a.status).toBe(201);
    expect(a.body.tts).toMatchObject({ provider: 'elevenlabs', voice_id: v.id, credential_id: eleven });
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing provider', { provider: undefined }, ['body', 'provider']],
    ['provider minimax', { provider: 'minimax' }, ['body', 'provider']],
    ['missing provider_voice_id', { provider_voice_id: undefined }, ['body', 'provider_voice_id']],
    ['empty provider_voice_id', { provider_voice_id: '' }, ['body', 'provider_voice_id']],
    ['provider_voice_id over 255', { provider_voice_id: 'x'.repeat(256) }, ['body', 'provider_voice_id']],
    ['missing name', { name: undefined }, ['body', 'name']],
    ['name over 255', { name: 'x'.repeat(256) }, ['body', 'name']],
    ['missing credential_id', { credential_id: undefined }, ['body', 'credential_id']],
    ['gender not a string', { gender: 1 }, ['body', 'gender']],
  ];
  for (const [label, extra, loc] of invalid)
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/voices/import', { body: importBody(extra) });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });

  it('422 when the credential holds another provider’s key', async () => {
    const cartesia = (await createIntegration(h, 'cartesia')).id;
    const r = await h.json('POST', '/v1/voices/import', { body: importBody({ credential_id: cartesia }) });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'credential_id']);
    expect(r.body.detail[0].msg).toBe(
      `credential_id '${cartesia}' is an integration for cartesia; this needs one for elevenlabs`,
    );
  });

  it('404 INTEGRATION_NOT_FOUND for an unknown or another workspace’s credential', async () => {
    const ws = await h.newWorkspace();
    const theirs = (await createIntegration(h, 'elevenlabs', { key: ws.key })).id;
    for (const credential_id of [newId('integration'), theirs, 'nope']) {
      const r = await h.json('POST', '/v1/voices/import', { body: importBody({ credential_id }) });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('INTEGRATION_NOT_FOUND');
    }
  });
});

describe('DELETE /v1/voices/{voice_id}', () => {
  it('204 deletes an imported voice, then 404', async () => {
    const v = await importVoice();
    expect((await h.request('DELETE', `/v1/voices/${v.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/voices/${v.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/voices/${v.id}`)).status).toBe(404);
  });

  it('403 FORBIDDEN for a platform voice, which stays', async () => {
    const r = await h.json('DELETE', `/v1/voices/${offlineVoiceId}`);
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/platform voices cannot be deleted/i),
    });
    expect((await h.json('GET', `/v1/voices/${offlineVoiceId}`)).status).toBe(200);
  });

  it('409 while an agent speaks with it, with details.agent_ids', async () => {
    const v = await importVoice();
    const a = await h.json('POST', '/v1/agents', { body: { name: 'a', tts: { voice_id: v.id } } });
    const r = await h.json('DELETE', `/v1/voices/${v.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details).toEqual({ agent_ids: [a.body.id] });
    await h.json('PATCH', `/v1/agents/${a.body.id}`, {
      body: { tts: { voice_id: offlineVoiceId, credential_id: null } },
    });
    expect((await h.request('DELETE', `/v1/voices/${v.id}`)).status).toBe(204);
  });

  it('the imported voice keeps its integration from being deleted (409 voice_ids)', async () => {
    const cred = (await createIntegration(h, 'cartesia')).id;
    const v = await importVoice({
      provider: 'cartesia',
      provider_voice_id: 'a0e99841-438c-4a64',
      credential_id: cred,
    });
    const r = await h.json('DELETE', `/v1/integrations/${cred}`);
    expect(r.status).toBe(409);
    expect(r.body.error.details).toEqual({ voice_ids: [v.id] });
  });
});

runSecurityCases('voices', () => h, [
  { method: 'GET', prepare: async () => ({ path: '/v1/voices' }) },
  { method: 'POST', prepare: async () => ({ path: '/v1/voices/import', body: importBody() }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `/v1/voices/${(await importVoice()).id}` }) },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => ({ path: `/v1/voices/${(await importVoice()).id}` }),
  },
]);
