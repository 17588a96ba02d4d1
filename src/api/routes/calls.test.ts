import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addNumber,
  addSttIntegration,
  type CallsFixture,
  callsApi,
  callsFixture,
  newAgent,
  type RecordingLauncher,
  randomNumber,
} from '../../../test/support/calls.ts';
import type { Harness } from '../../../test/support/harness.ts';
import { runSecurityCases } from '../../../test/support/security.ts';

let h: Harness;
let agentId: string;
let simNumber: string;
let launcher: RecordingLauncher;
let api: CallsFixture['api'];
let body: CallsFixture['body'];
let twilioNumber: string;
beforeAll(async () => {
  ({ h, agentId, fromNumber: simNumber, launcher, api, body } = await callsFixture());
  twilioNumber = await addNumber(h, h.orgId, randomNumber(), 'twilio');
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

describe('CallRepo.transition with a stamp', () => {
  it('sets started_at / answered_at in the same write, and never moves one already set', async () => {
    const c = await createCall();
    const repo = h.core.callRepo;
    const t1 = '2026-03-01T10:00:00.000Z';
    const started = await repo.transition(h.orgId, c.id, 'initiated', { field: 'started_at', at: t1 });
    expect(started).toMatchObject({ status: 'initiated', started_at: t1, answered_at: null });
    const t2 = '2026-03-01T10:00:05.000Z';
    const live = await repo.transition(h.orgId, c.id, 'in_progress', { field: 'started_at', at: t2 });
    expect(live).toMatchObject({ status: 'in_progress', started_at: t1 });
    // A refused transition writes nothing.
    expect(
      await repo.transition(h.orgId, c.id, 'initiated', { field: 'answered_at', at: t2 }),
    ).toBeUndefined();
    expect(await repo.get(h.orgId, c.id)).toMatchObject({ started_at: t1, answered_at: null });
  });
});
