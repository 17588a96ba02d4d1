import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNumber,
  addSttIntegration,
  callsApi,
  newAgent,
  RecordingLauncher,
  randomNumber,
} from '../../../test/support/calls.ts';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';
import { verifyRecordingSignature } from '../../domain/call/recording-url.ts';

let h: Harness;
let agentId: string;
let simNumber: string;
let twilioNumber: string;
let launcher: RecordingLauncher;
let api: Awaited<ReturnType<typeof callsApi>>;
beforeAll(async () => {
  h = await createHarness();
  agentId = await newAgent(h);
  simNumber = await addNumber(h, h.orgId, randomNumber(), 'sim');
  twilioNumber = await addNumber(h, h.orgId, randomNumber(), 'twilio');
  launcher = new RecordingLauncher(h);
  api = await callsApi(h, { launcher });
});
afterAll(async () => {
  await h.close();
});

const callFields = [
  'id',
  'agent_id',
  'type',
  'status',
  'direction',
  'from_number',
  'to_number',
  'room_name',
  'twilio_call_sid',
  'scheduled_at',
  'variables',
  'metadata',
  'overrides',
  'webhook_url',
  'started_at',
  'ended_at',
  'duration_seconds',
  'end_reason',
  'outcome',
  'transcript',
  'messages',
  'recording_url',
  'ai_summary',
  'analysis',
  'latency',
  'credits_used',
  'cost_cents',
  'cost_breakdown',
  'error_message',
  'created_at',
  'updated_at',
].sort();

function body(extra: Record<string, unknown> = {}) {
  return { agent_id: agentId, to_number: '+14155559876', from_number: simNumber, ...extra };
}

async function createCall(extra: Record<string, unknown> = {}) {
  const r = await h.json('POST', '/v1/calls', { body: body(extra) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('POST /v1/calls', () => {
  it('201 returns a queued outbound call with every CallResponse field', async () => {
    const overrides = {
      llm: { model: 'gpt-4o-mini', temperature: 0.2, system_prompt: 'Be brief.' },
      transcriber: { model: 'nova-3', language: 'es' },
      tts: { speed: 1.2, stability: 0.4, model: 'aura-2' },
      first_message: 'Hola {{name}}',
    };
    const c = await createCall({
      variables: { name: 'Ana' },
      metadata: { crm: 'ct_1' },
      overrides,
      webhook_url: 'https://example.com/hook',
    });
    expect(Object.keys(c).sort()).toEqual(callFields);
    expect(c).toMatchObject({
      agent_id: agentId,
      type: 'outbound',
      direction: 'outbound',
      status: 'queued',
      from_number: simNumber,
      to_number: '+14155559876',
      variables: { name: 'Ana' },
      metadata: { crm: 'ct_1' },
      overrides,
      webhook_url: 'https://example.com/hook',
      scheduled_at: null,
      end_reason: null,
      outcome: null,
      messages: [],
      transcript: [],
      recording_url: null,
      analysis: { outcome: null, summary: null },
      credits_used: 0,
      cost_breakdown: [],
    });
    expect(c.id).toMatch(/^call_[0-9a-z]{26}$/);
    expect((await h.json('GET', `/v1/calls/${c.id}`)).body).toEqual(c);
  });

  it('201 dispatches an unscheduled call to the launcher at once, without a job', async () => {
    const jobs = h.queue.queued('call.dispatch').length;
    const r = await api.json('POST', '/v1/calls', { body: body() });
    expect(r.status).toBe(201);
    expect(launcher.launched).toContain(r.body.id);
    expect(h.queue.queued('call.dispatch')).toHaveLength(jobs);
  });

  it('201 with a past scheduled_at dispatches now', async () => {
    const past = new Date(h.clock.now() - 60_000).toISOString();
    const r = await api.json('POST', '/v1/calls', { body: body({ scheduled_at: past }) });
    expect(r.status).toBe(201);
    expect(r.body.scheduled_at).toBe(past);
    expect(launcher.launched).toContain(r.body.id);
  });

  it('201 with a future scheduled_at stays queued and is dispatched once by the durable job', async () => {
    const at = h.clock.now() + 3_600_000;
    const r = await api.json('POST', '/v1/calls', {
      body: body({ scheduled_at: new Date(at).toISOString() }),
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'queued', scheduled_at: new Date(at).toISOString() });
    const sent = h.queue.sent.find((s) => (s.data as { callId: string }).callId === r.body.id)!;
    expect(sent.name).toBe('call.dispatch');
    expect(sent.opts.startAfter?.getTime()).toBe(at);
    await h.queue.drain(at - 1);
    expect(launcher.launched).not.toContain(r.body.id);
    await h.queue.drain(at);
    expect(launcher.launched.filter((id) => id === r.body.id)).toHaveLength(1);
    // A duplicate delivery of the job is harmless once the engine has moved the call on.
    await h.core.callRepo.transition(h.orgId, r.body.id, 'initiated');
    await h.queue.send('call.dispatch', { orgId: h.orgId, callId: r.body.id });
    await h.queue.drain(at);
    expect(launcher.launched.filter((id) => id === r.body.id)).toHaveLength(1);
  });

  it('201 ends the call failed/error with the message when the launcher throws', async () => {
    launcher.failWith = new Error('carrier rejected the dial');
    try {
      const r = await api.json('POST', '/v1/calls', { body: body() });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        status: 'failed',
        end_reason: 'error',
        error_message: 'carrier rejected the dial',
      });
    } finally {
      launcher.failWith = undefined;
    }
  });

  it('201 accepts dynamic_variables as the older name of variables and ignores unknown fields', async () => {
    const c = await createCall({ dynamic_variables: { plan: 'gold' }, direction: 'outbound', foo: 1 });
    expect(c.variables).toEqual({ plan: 'gold' });
    expect(c).not.toHaveProperty('foo');
  });

  const invalid: [string, Record<string, unknown>, (string | number)[]][] = [
    ['missing agent_id', { agent_id: undefined }, ['body', 'agent_id']],
    ['missing to_number', { to_number: undefined }, ['body', 'to_number']],
    ['missing from_number', { from_number: undefined }, ['body', 'from_number']],
    ['to_number without +', { to_number: '14155559876' }, ['body', 'to_number']],
    ['to_number starting +0', { to_number: '+04155559876' }, ['body', 'to_number']],
    ['to_number of 16 digits', { to_number: '+1234567890123456' }, ['body', 'to_number']],
    ['from_number with spaces', { from_number: '+1 415 555 0123' }, ['body', 'from_number']],
    ['scheduled_at not a date', { scheduled_at: 'tomorrow' }, ['body', 'scheduled_at']],
    ['scheduled_at without timezone', { scheduled_at: '2026-06-01T10:00:00' }, ['body', 'scheduled_at']],
    ['variables as array', { variables: ['a'] }, ['body', 'variables']],
    ['metadata as string', { metadata: 'x' }, ['body', 'metadata']],
    ['webhook_url ftp', { webhook_url: 'ftp://example.com/x' }, ['body', 'webhook_url']],
    ['webhook_url not a URL', { webhook_url: 'example.com/hook' }, ['body', 'webhook_url']],
    ['overrides as string', { overrides: 'fast' }, ['body', 'overrides']],
    ['overrides unknown key', { overrides: { voice: 'x' } }, ['body', 'overrides', 'voice']],
    [
      'overrides.llm unknown key',
      { overrides: { llm: { top_p: 1 } } },
      ['body', 'overrides', 'llm', 'top_p'],
    ],
    [
      'overrides.llm.temperature 2.1',
      { overrides: { llm: { temperature: 2.1 } } },
      ['body', 'overrides', 'llm', 'temperature'],
    ],
    [
      'overrides.llm.temperature -1',
      { overrides: { llm: { temperature: -1 } } },
      ['body', 'overrides', 'llm', 'temperature'],
    ],
    [
      'overrides.llm.provider unknown',
      { overrides: { llm: { provider: 'acme' } } },
      ['body', 'overrides', 'llm', 'provider'],
    ],
    [
      'overrides.llm.model empty',
      { overrides: { llm: { model: '' } } },
      ['body', 'overrides', 'llm', 'model'],
    ],
    [
      'overrides.transcriber.language 1 char',
      { overrides: { transcriber: { language: 'e' } } },
      ['body', 'overrides', 'transcriber', 'language'],
    ],
    [
      'overrides.tts.speed 0.4',
      { overrides: { tts: { speed: 0.4 } } },
      ['body', 'overrides', 'tts', 'speed'],
    ],
    [
      'overrides.tts.speed 2.5',
      { overrides: { tts: { speed: 2.5 } } },
      ['body', 'overrides', 'tts', 'speed'],
    ],
    [
      'overrides.tts.stability 1.5',
      { overrides: { tts: { stability: 1.5 } } },
      ['body', 'overrides', 'tts', 'stability'],
    ],
    [
      'overrides.first_message too long',
      { overrides: { first_message: 'x'.repeat(2001) } },
      ['body', 'overrides', 'first_message'],
    ],
  ];
  for (const [label, extra, loc] of invalid) {
    it(`422 ${label}`, async () => {
      const r = await h.json('POST', '/v1/calls', { body: body(extra) });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      expect(r.body.detail.map((d: { loc: unknown }) => d.loc)).toContainEqual(loc);
    });
  }

  it('422 VOICE_NOT_FOUND for an override voice that does not exist', async () => {
    const r = await h.json('POST', '/v1/calls', { body: body({ overrides: { tts: { voice_id: 'nope' } } }) });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('VOICE_NOT_FOUND');
    expect(r.body.detail[0].loc).toEqual(['body', 'overrides', 'tts', 'voice_id']);
  });

  it('404 AGENT_NOT_FOUND for an unknown, malformed or other workspace agent', async () => {
    const other = await h.newWorkspace();
    const foreign = await newAgent(h, other.key);
    for (const id of ['agt_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', foreign]) {
      const r = await h.json('POST', '/v1/calls', { body: body({ agent_id: id }) });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('AGENT_NOT_FOUND');
    }
  });

  it('400 FROM_NUMBER_NOT_REGISTERED for an unknown number or another workspace’s number', async () => {
    const other = await h.newWorkspace();
    const theirs = await addNumber(h, other.orgId, randomNumber());
    for (const n of ['+14155550000', theirs]) {
      const r = await h.json('POST', '/v1/calls', { body: body({ from_number: n }) });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('FROM_NUMBER_NOT_REGISTERED');
    }
  });

  it('400 PROVIDER_NOT_CONFIGURED naming the variable for a twilio number with no STT provider', async () => {
    const r = await h.json('POST', '/v1/calls', { body: body({ from_number: twilioNumber }) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('PROVIDER_NOT_CONFIGURED');
    expect(r.body.error.message).toContain('DEEPGRAM_API_KEY');
  });

  it('201 on a twilio number with a platform DEEPGRAM_API_KEY', async () => {
    const withKey = await callsApi(h, { env: { DEEPGRAM_API_KEY: 'dg-test' } });
    const r = await withKey.json('POST', '/v1/calls', { body: body({ from_number: twilioNumber }) });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('queued');
  });

  it('201 on a twilio number with a workspace openai integration', async () => {
    const ws = await h.newWorkspace();
    const agent = await newAgent(h, ws.key);
    const n = await addNumber(h, ws.orgId, randomNumber(), 'telnyx');
    const req = { key: ws.key, body: body({ agent_id: agent, from_number: n }) };
    expect((await h.json('POST', '/v1/calls', req)).status).toBe(400);
    await addSttIntegration(h, ws.orgId, 'openai');
    expect((await h.json('POST', '/v1/calls', req)).status).toBe(201);
  });

  it('429 DAILY_CALL_LIMIT_REACHED with Retry-After until UTC midnight, then allowed the next day', async () => {
    const ws = await h.newWorkspace();
    const agent = await newAgent(h, ws.key);
    const n = await addNumber(h, ws.orgId, randomNumber());
    await h.store.db
      .updateTable('workspaces')
      .set({ max_calls_per_day: 2 })
      .where('id', '=', ws.orgId)
      .execute();
    const req = { key: ws.key, body: body({ agent_id: agent, from_number: n }) };
    expect((await h.json('POST', '/v1/calls', req)).status).toBe(201);
    expect((await h.json('POST', '/v1/calls/web', { key: ws.key, body: { agent_id: agent } })).status).toBe(
      400,
    );
    expect((await h.json('POST', '/v1/calls', req)).status).toBe(201);
    const r = await h.json('POST', '/v1/calls', req);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('DAILY_CALL_LIMIT_REACHED');
    const day = 86_400_000;
    const toMidnight = Math.ceil((day - (h.clock.now() % day)) / 1000);
    expect(Number(r.headers.get('retry-after'))).toBe(toMidnight);
    h.clock.advance(toMidnight * 1000);
    expect((await h.json('POST', '/v1/calls', req)).status).toBe(201);
  });
});

describe('GET /v1/calls/{call_id}', () => {
  it('200 returns the call', async () => {
    const c = await createCall();
    const r = await h.json('GET', `/v1/calls/${c.id}`);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(c.id);
  });

  it('200 with a signed recording_url valid 4 hours when a recording exists', async () => {
    const c = await createCall();
    await h.store.db
      .updateTable('calls')
      .set({ recording_key: `${c.id}.wav` })
      .where('id', '=', c.id)
      .execute();
    const r = await h.json('GET', `/v1/calls/${c.id}`);
    const url = new URL(r.body.recording_url);
    expect(url.origin + url.pathname).toBe(`http://localhost:3000/v1/recordings/${c.id}`);
    const expires = url.searchParams.get('expires')!;
    expect(Number(expires)).toBe(Math.floor(h.clock.now() / 1000) + 4 * 3600);
    const sig = url.searchParams.get('sig')!;
    expect(verifyRecordingSignature(h.core.secrets, c.id, expires, sig, h.clock.now())).toBe(true);
  });

  it('404 CALL_NOT_FOUND for an unknown, malformed or wrong-prefix id', async () => {
    for (const id of ['call_01jd8x2k3m4n5p6q7r8s9t0v1w', 'nope', 'agt_01jd8x2k3m4n5p6q7r8s9t0v1w']) {
      const r = await h.json('GET', `/v1/calls/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CALL_NOT_FOUND');
    }
  });
});

runSecurityCases('calls', () => h, [
  { method: 'POST', prepare: async () => ({ path: '/v1/calls', body: body() }) },
  { method: 'POST', prepare: async () => ({ path: '/v1/calls/web', body: { agent_id: agentId } }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/calls' }) },
  { method: 'GET', prepare: async () => ({ path: '/v1/calls/cursor' }) },
  { method: 'GET', scoped: true, prepare: async () => ({ path: `/v1/calls/${(await createCall()).id}` }) },
  {
    method: 'POST',
    scoped: true,
    prepare: async () => ({ path: `/v1/calls/${(await createCall()).id}/stop` }),
  },
  {
    method: 'PATCH',
    scoped: true,
    prepare: async () => ({ path: `/v1/calls/${(await createCall()).id}`, body: { outcome: 'interested' } }),
  },
]);
