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

async function newModel(body: Record<string, unknown> = {}, key?: string) {
  const r = await h.json('POST', '/v1/models', { body, ...(key ? { key } : {}) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('POST /v1/models', () => {
  it('201 with every field echoed and the model shape of the reference', async () => {
    const m = await newModel({
      name: 'My First Model',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      system_prompt: 'You help {{company}} callers.',
      temperature: 0.2,
      max_tokens: 4000,
    });
    expect(m.id).toMatch(/^llm_[0-9a-z]{26}$/);
    expect(m).toMatchObject({
      name: 'My First Model',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      system_prompt: 'You help {{company}} callers.',
      temperature: 0.2,
      max_tokens: 4000,
      tool_ids: [],
      knowledge_base_ids: [],
      custom_websocket_url: null,
      credential_id: null,
    });
  });
  it('201 with an empty body uses the platform defaults (offline brain without keys)', async () => {
    const m = await newModel();
    expect(m).toMatchObject({ provider: 'offline', temperature: 0.7, max_tokens: null });
  });
  it('201 picks a sensible model name for a provider given alone', async () => {
    expect((await newModel({ provider: 'anthropic' })).model).toBe('claude-haiku-4-5');
  });
  it('201 is also served at /v1/llm-models', async () => {
    const r = await h.json('POST', '/v1/llm-models', { body: { name: 'alias' } });
    expect(r.status).toBe(201);
    expect((await h.json('GET', `/v1/models/${r.body.id}`)).body.name).toBe('alias');
  });
  const invalid: [string, Record<string, unknown>, string][] = [
    ['temperature above 2', { temperature: 2.1 }, 'temperature'],
    ['temperature below 0', { temperature: -0.1 }, 'temperature'],
    ['max_tokens 0', { max_tokens: 0 }, 'max_tokens'],
    ['max_tokens above 128000', { max_tokens: 128_001 }, 'max_tokens'],
    ['unknown provider', { provider: 'skynet' }, 'provider'],
    ['empty name', { name: '' }, 'name'],
    ['tool_ids not an array', { tool_ids: 'tool_x' }, 'tool_ids'],
    ['custom provider without a websocket url', { provider: 'custom' }, 'custom_websocket_url'],
  ];
  for (const [label, body, field] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/models', { body });
      expect(r.status).toBe(422);
      expect(r.body.detail.map((d: { loc: unknown[] }) => d.loc)).toContainEqual(['body', field]);
    });
  }
  it('404 for a tool, knowledge base or credential that does not exist', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ tool_ids: ['tool_01jd8x2k3m4n5p6q7r8s9t0v1w'] }, 'TOOL_NOT_FOUND'],
      [{ knowledge_base_ids: ['kb_01jd8x2k3m4n5p6q7r8s9t0v1w'] }, 'KNOWLEDGE_BASE_NOT_FOUND'],
      [{ credential_id: 'crd_01jd8x2k3m4n5p6q7r8s9t0v1w' }, 'INTEGRATION_NOT_FOUND'],
    ];
    for (const [body, code] of cases) {
      const r = await h.json('POST', '/v1/models', { body });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe(code);
    }
  });
});

describe('GET /v1/models', () => {
  it('200 pages newest first', async () => {
    const ws = await h.newWorkspace();
    const a = await newModel({ name: 'a' }, ws.key);
    const b = await newModel({ name: 'b' }, ws.key);
    const r = await h.json('GET', '/v1/models?limit=1', { key: ws.key });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(r.body.items[0].id).toBe(b.id);
    expect((await h.json('GET', '/v1/llm-models?offset=1', { key: ws.key })).body.items[0].id).toBe(a.id);
  });
  it('422 for limit 101', async () => {
    expect((await h.json('GET', '/v1/models?limit=101')).status).toBe(422);
  });
});

describe('GET /v1/models/{model_id}', () => {
  it('200 returns the model; 404 for unknown or malformed ids', async () => {
    const m = await newModel({ name: 'one' });
    expect((await h.json('GET', `/v1/models/${m.id}`)).body).toEqual(m);
    for (const id of ['llm_01jd8x2k3m4n5p6q7r8s9t0v1w', 'model_abc123']) {
      const r = await h.json('GET', `/v1/models/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('MODEL_NOT_FOUND');
    }
  });
});

describe('PATCH /v1/models/{model_id}', () => {
  it('200 updates fields and every agent using the model sees the new prompt', async () => {
    const m = await newModel({ system_prompt: 'old' });
    const agent = (await h.json('POST', '/v1/agents', { body: { name: 'shared', llm_id: m.id } })).body;
    const r = await h.json('PATCH', `/v1/models/${m.id}`, {
      body: { system_prompt: 'new', temperature: 1.5 },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ system_prompt: 'new', temperature: 1.5 });
    expect((await h.json('GET', `/v1/agents/${agent.id}`)).body.effective_system_prompt).toBe('new');
  });
  it('200 null clears max_tokens and is ignored for non-nullable fields', async () => {
    const m = await newModel({ max_tokens: 100, name: 'keep' });
    const r = await h.json('PATCH', `/v1/models/${m.id}`, { body: { max_tokens: null, name: null } });
    expect(r.body).toMatchObject({ max_tokens: null, name: 'keep' });
  });
  it('200 tool_ids replaces the whole list', async () => {
    const t1 = await h.json('POST', '/v1/tools', {
      body: { type: 'end_call', name: 'hangup', description: 'End the call' },
    });
    const t2 = await h.json('POST', '/v1/tools', {
      body: { type: 'end_call', name: 'bye', description: 'End the call' },
    });
    const m = await newModel({ tool_ids: [t1.body.id] });
    const r = await h.json('PATCH', `/v1/models/${m.id}`, { body: { tool_ids: [t2.body.id] } });
    expect(r.body.tool_ids).toEqual([t2.body.id]);
  });
  it('422 for an unknown field or an out-of-range value', async () => {
    const m = await newModel();
    const extra = await h.json('PATCH', `/v1/models/${m.id}`, { body: { temprature: 1 } });
    expect(extra.status).toBe(422);
    expect(extra.body.detail[0].type).toBe('extra_forbidden');
    expect((await h.json('PATCH', `/v1/models/${m.id}`, { body: { temperature: 3 } })).status).toBe(422);
  });
  it('404 for an unknown model or an unknown tool id', async () => {
    const m = await newModel();
    expect(
      (await h.json('PATCH', '/v1/models/llm_01jd8x2k3m4n5p6q7r8s9t0v1w', { body: { name: 'x' } })).status,
    ).toBe(404);
    const r = await h.json('PATCH', `/v1/models/${m.id}`, {
      body: { tool_ids: ['tool_01jd8x2k3m4n5p6q7r8s9t0v1w'] },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('TOOL_NOT_FOUND');
  });
});

describe('DELETE /v1/models/{model_id}', () => {
  it('204 for an unused model, then 404', async () => {
    const m = await newModel();
    expect((await h.request('DELETE', `/v1/models/${m.id}`)).status).toBe(204);
    expect((await h.json('GET', `/v1/models/${m.id}`)).status).toBe(404);
  });
  it('409 with the agent ids while agents use it', async () => {
    const m = await newModel();
    const a = (await h.json('POST', '/v1/agents', { body: { name: 'user', llm_id: m.id } })).body;
    const r = await h.json('DELETE', `/v1/models/${m.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.details.agent_ids).toEqual([a.id]);
    expect((await h.json('GET', `/v1/models/${m.id}`)).status).toBe(200);
  });
});

runSecurityCases('models', () => h, [
  { method: 'POST', prepare: async () => ({ path: '/v1/models', body: {} }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/llm-models' }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `/v1/models/${(await newModel()).id}` }) },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `/v1/models/${(await newModel()).id}`, body: { name: 'x' } }),
  },
  {
    method: 'DELETE',
    scoped: true,
    prepare: async () => ({ path: `/v1/llm-models/${(await newModel()).id}` }),
  },
]);
