import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { offlineVoiceId } from '../../domain/voice/catalogue.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

async function newAgent(body: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', '/v1/agents', { body: { name: 'Agent', ...body }, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('POST /v1/agents', () => {
  it('201 with only a name: reference defaults, an auto-created model and the offline voice', async () => {
    const a = await newAgent();
    expect(a.id).toMatch(/^agt_[0-9a-z]{26}$/);
    expect(a).toMatchObject({
      max_duration_seconds: 600,
      interruption_sensitivity: 0.5,
      silence_timeout_seconds: 10,
      enable_recording: false,
      language: 'en',
      responsiveness: 0.5,
      speed: 1,
      emotions: false,
      voicemail_detection: false,
      dynamic_variables: {},
      end_call_phrases: [],
      first_message: null,
      transcriber: { provider: 'deepgram', model: 'nova-3', language: 'en' },
      tts: { provider: 'flite', voice_id: offlineVoiceId, speed: 1, stability: 0.5, credential_id: null },
    });
    const model = await h.json('GET', `/v1/models/${a.llm_id}`);
    expect(model.status).toBe(200);
    expect(model.body).toMatchObject({ provider: 'offline', temperature: 0.7 });
    expect(model.body.name).toMatch(/offline/);
    expect(a.effective_system_prompt).toBe(model.body.system_prompt);
  });

  it('201 builds the effective prompt from job_description and the model prompt', async () => {
    const m = await h.json('POST', '/v1/models', { body: { system_prompt: 'Be brief.' } });
    const a = await newAgent({ llm_id: m.body.id, job_description: 'Receptionist for Acme' });
    expect(a.llm_id).toBe(m.body.id);
    expect(a.effective_system_prompt).toBe('# Role\nReceptionist for Acme\n\nBe brief.');
  });

  it('201 ignores unknown fields on create', async () => {
    const a = await newAgent({ kb_ids: ['x'], direction: 'outbound' });
    expect(a).not.toHaveProperty('kb_ids');
  });

  it('201 accepts a body sent without a JSON content type (curl -d)', async () => {
    const r = await h.request('POST', '/v1/agents', {
      body: '{"name":"curl"}',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(201);
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing name', {}, ['body', 'name']],
    ['empty name', { name: '' }, ['body', 'name']],
    ['name too long', { name: 'x'.repeat(256) }, ['body', 'name']],
    ['max_duration below 30', { name: 'a', max_duration_seconds: 29 }, ['body', 'max_duration_seconds']],
    ['max_duration above 7200', { name: 'a', max_duration_seconds: 7201 }, ['body', 'max_duration_seconds']],
    ['fractional max_duration', { name: 'a', max_duration_seconds: 60.5 }, ['body', 'max_duration_seconds']],
    ['silence_timeout 0', { name: 'a', silence_timeout_seconds: 0 }, ['body', 'silence_timeout_seconds']],
    ['silence_timeout 301', { name: 'a', silence_timeout_seconds: 301 }, ['body', 'silence_timeout_seconds']],
    [
      'interruption_sensitivity 1.1',
      { name: 'a', interruption_sensitivity: 1.1 },
      ['body', 'interruption_sensitivity'],
    ],
    ['responsiveness -0.1', { name: 'a', responsiveness: -0.1 }, ['body', 'responsiveness']],
    ['speed 2.5', { name: 'a', speed: 2.5 }, ['body', 'speed']],
    ['language 1 char', { name: 'a', language: 'e' }, ['body', 'language']],
    ['language 9 chars', { name: 'a', language: 'en-US-xyz' }, ['body', 'language']],
    ['enable_recording as string', { name: 'a', enable_recording: 'yes' }, ['body', 'enable_recording']],
    ['tts.speed 3', { name: 'a', tts: { speed: 3 } }, ['body', 'tts', 'speed']],
    ['tts.stability 2', { name: 'a', tts: { stability: 2 } }, ['body', 'tts', 'stability']],
    ['end_call_phrases not array', { name: 'a', end_call_phrases: 'bye' }, ['body', 'end_call_phrases']],
    ['dynamic_variables array', { name: 'a', dynamic_variables: [] }, ['body', 'dynamic_variables']],
  ];
  for (const [label, body, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/agents', { body });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }

  it('422 VOICE_NOT_FOUND for a provider voice id', async () => {
    const r = await h.json('POST', '/v1/agents', {
      body: { name: 'a', tts: { provider: 'elevenlabs', voice_id: '21m00Tcm4TlvDq8ikWAM' } },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('VOICE_NOT_FOUND');
    expect(r.body.detail[0].loc).toEqual(['body', 'tts', 'voice_id']);
  });

  it('201 with a platform voice sets the provider from the voice', async () => {
    const voices = await h.store.db
      .selectFrom('voices')
      .select(['id', 'provider'])
      .where('provider', '=', 'elevenlabs')
      .execute();
    const a = await newAgent({ tts: { voice_id: voices[0]!.id } });
    expect(a.tts).toMatchObject({ provider: 'elevenlabs', voice_id: voices[0]!.id });
  });

  it('404 MODEL_NOT_FOUND for an unknown llm_id', async () => {
    const r = await h.json('POST', '/v1/agents', {
      body: { name: 'a', llm_id: 'llm_01jd8x2k3m4n5p6q7r8s9t0v1w' },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('MODEL_NOT_FOUND');
  });

  it('404 WEBHOOK_NOT_FOUND for an unknown webhook_id', async () => {
    const r = await h.json('POST', '/v1/agents', {
      body: { name: 'a', webhook_id: 'wh_01jd8x2k3m4n5p6q7r8s9t0v1w' },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('WEBHOOK_NOT_FOUND');
  });

  it('422 json_invalid for a malformed body', async () => {
    const r = await h.json('POST', '/v1/agents', {
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].type).toBe('json_invalid');
  });

  it('413 for a body over 1 MB', async () => {
    const r = await h.json('POST', '/v1/agents', {
      body: { name: 'a', job_description: 'x'.repeat(1_100_000) },
    });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('GET /v1/agents', () => {
  it('200 pages newest first with total, and null effective_system_prompt', async () => {
    const ws = await h.newWorkspace();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newAgent({ name: `p${i}` }, ws.key)).id);
    const r = await h.json('GET', '/v1/agents?limit=2', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(r.body.items.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
    expect(r.body.items[0].effective_system_prompt).toBeNull();
    const r2 = await h.json('GET', '/v1/agents?limit=2&offset=2', { key: ws.key });
    expect(r2.body.items.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
  });

  it('200 with the default limit 20', async () => {
    const r = await h.json('GET', '/v1/agents');
    expect(r.body.limit).toBe(20);
  });

  for (const q of ['limit=0', 'limit=101', 'offset=-1', 'limit=abc']) {
    it(`422 for ${q}`, async () => {
      const r = await h.json('GET', `/v1/agents?${q}`);
      expect(r.status).toBe(422);
      expect(r.body.detail[0].loc[0]).toBe('query');
    });
  }
});

describe('GET /v1/agents/{agent_id}', () => {
  it('200 returns the agent', async () => {
    const a = await newAgent({ name: 'getme' });
    const r = await h.json('GET', `/v1/agents/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(a);
  });
  it('404 for an unknown or malformed id', async () => {
    for (const id of ['agt_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', 'call_01jd8x2k3m4n5p6q7r8s9t0v1w']) {
      const r = await h.json('GET', `/v1/agents/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/agents/{agent_id}', () => {
  it('200 applies a partial update and keeps the rest', async () => {
    const a = await newAgent({ name: 'p', first_message: 'old', silence_timeout_seconds: 20 });
    const r = await h.json('PATCH', `/v1/agents/${a.id}`, {
      body: { first_message: 'Hello! Thanks for calling.' },
    });
    expect(r.status).toBe(200);
    expect(r.body.first_message).toBe('Hello! Thanks for calling.');
    expect(r.body.silence_timeout_seconds).toBe(20);
    expect(Date.parse(r.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(a.updated_at));
  });
  it('200 null clears a nullable field and is ignored for a required one', async () => {
    const a = await newAgent({ name: 'n', first_message: 'x' });
    const r = await h.json('PATCH', `/v1/agents/${a.id}`, { body: { first_message: null, name: null } });
    expect(r.body.first_message).toBeNull();
    expect(r.body.name).toBe('n');
  });
  it('200 merges tts and keeps other tts fields', async () => {
    const a = await newAgent({ tts: { speed: 1.5 } });
    const r = await h.json('PATCH', `/v1/agents/${a.id}`, { body: { tts: { stability: 0.9 } } });
    expect(r.body.tts).toMatchObject({ speed: 1.5, stability: 0.9, voice_id: offlineVoiceId });
  });
  it('422 for an unknown field, and nothing changes', async () => {
    const a = await newAgent({ name: 'strict' });
    const r = await h.json('PATCH', `/v1/agents/${a.id}`, { body: { nmae: 'typo', name: 'changed' } });
    expect(r.status).toBe(422);
    expect(r.body.detail[0]).toMatchObject({ loc: ['body', 'nmae'], type: 'extra_forbidden' });
    expect((await h.json('GET', `/v1/agents/${a.id}`)).body.name).toBe('strict');
  });
  it('422 for an out-of-range value', async () => {
    const a = await newAgent();
    const r = await h.json('PATCH', `/v1/agents/${a.id}`, { body: { max_duration_seconds: 7201 } });
    expect(r.status).toBe(422);
  });
  it('404 for an unknown agent', async () => {
    const r = await h.json('PATCH', '/v1/agents/agt_01jd8x2k3m4n5p6q7r8s9t0v1w', { body: { name: 'x' } });
    expect(r.status).toBe(404);
  });
});

describe('DELETE /v1/agents/{agent_id}', () => {
  it('204 deletes, then 404', async () => {
    const a = await newAgent();
    expect((await h.request('DELETE', `/v1/agents/${a.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/agents/${a.id}`)).status).toBe(404);
    expect((await h.json('DELETE', `/v1/agents/${a.id}`)).status).toBe(404);
  });
  it('409 while a phone number routes to it, with the referencing ids', async () => {
    const a = await newAgent();
    await h.store.db
      .insertInto('phone_numbers')
      .values({
        id: 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w',
        org_id: h.orgId,
        phone_number: '+15550001111',
        provider: 'sim',
        agent_id: a.id,
      })
      .execute();
    const r = await h.json('DELETE', `/v1/agents/${a.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('CONFLICT');
    expect(r.body.error.details.phone_number_ids).toEqual(['phn_01jd8x2k3m4n5p6q7r8s9t0v1w']);
    await h.store.db.deleteFrom('phone_numbers').where('id', '=', 'phn_01jd8x2k3m4n5p6q7r8s9t0v1w').execute();
  });
});

runSecurityCases('agents', () => h, [
  { method: 'POST', prepare: async () => ({ path: '/v1/agents', body: { name: 'x' } }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/agents' }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `/v1/agents/${(await newAgent()).id}` }) },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `/v1/agents/${(await newAgent()).id}`, body: { name: 'y' } }),
  },
  { method: 'DELETE', scoped: true, prepare: async () => ({ path: `/v1/agents/${(await newAgent()).id}` }) },
]);
