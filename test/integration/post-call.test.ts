import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newAgent } from '../support/calls.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { eventsOf, finishedCall, say } from '../support/post-call.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';

// Each test runs a whole call's post-call path (finalize, outbox, HTTP); allow for a loaded CI box.
vi.setConfig({ testTimeout: 20_000 });
let h: Harness;
let agentId: string;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret: string | undefined;

beforeAll(async () => {
  h = await createHarness({ env: { PARLEY_ALLOW_PRIVATE_URLS: 'true' } });
  agentId = await newAgent(h);
  hook = await startWebhookReceiver(() => secret);
  const w = await h.json('POST', '/v1/webhooks', {
    body: {
      name: 'all',
      url: hook.url,
      events: [
        'call.started',
        'call.ended',
        'call.failed',
        'call.analyzed',
        'transcript.final',
        'call.recording.available',
      ],
    },
  });
  secret = w.body.secret;
});
afterAll(async () => {
  await hook.close();
  await h.close();
});

/** End → lifecycle → every job due now (finalize, deliveries). */
async function settle(orgId: string, callId: string) {
  await h.core.lifecycle.ended(orgId, callId);
  await h.queue.drain(h.clock.now());
}

const conversation = [
  say('assistant', 'Hi, this is Ana from Acme. Do you have a minute?'),
  say('user', 'Sure, what is it about?', 2000),
  say('assistant', 'We help teams cut support costs in half.', 4000),
  say('user', 'Sounds interesting, tell me more.', 7000),
];

describe('call.finalize (keyless install: offline classifier)', () => {
  it('writes ai_summary, a labelled analysis, the outcome, credits and cost onto the call', async () => {
    const call = await finishedCall(h, h.orgId, agentId, { messages: conversation, durationSeconds: 90 });
    await settle(h.orgId, call.id);
    const r = await h.json('GET', `/v1/calls/${call.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'completed',
      outcome: 'interested',
      credits_used: 1.5,
      cost_cents: 0,
    });
    expect(r.body.ai_summary).toMatch(/^Offline summary \(no LLM\)/);
    expect(r.body.analysis).toMatchObject({
      outcome: 'interested',
      summary: r.body.ai_summary,
      classifier: 'offline',
      outcome_source: 'auto',
      extracted_data: {},
    });
    expect(r.body.analysis.note).toMatch(/offline demo brain/);
    expect(r.body.cost_breakdown.map((l: { item: string }) => l.item)).toEqual([
      'carrier:sim',
      'stt:sim',
      'tts:flite',
      'llm_input:offline/parley-offline-brain',
      'llm_output:offline/parley-offline-brain',
    ]);
    expect(r.body.cost_breakdown[1]).toMatchObject({ quantity: 1.5, unit: 'minute', estimated: true });
  });

  it('sends started → ended → analyzed → transcript.final, signed, each once', async () => {
    const call = await finishedCall(h, h.orgId, agentId, { messages: conversation });
    await settle(h.orgId, call.id);
    const mine = hook.events().filter((e) => e.call_id === call.id);
    expect(mine.map((e) => e.event)).toEqual([
      'call.started',
      'call.ended',
      'call.analyzed',
      'transcript.final',
    ]);
    const [started, ended, analyzed, final] = mine;
    expect(started).toMatchObject({
      agent_id: agentId,
      to_number: '+14155559876',
      from_number: '+14155550100',
    });
    expect(ended).toMatchObject({
      status: 'completed',
      end_reason: 'customer_hangup',
      outcome: 'interested',
    });
    expect(ended!.summary).toMatch(/Offline summary/);
    expect(analyzed).toMatchObject({
      outcome: 'interested',
      analysis: { classifier: 'offline' },
      cost_cents: 0,
    });
    expect(final!.messages).toHaveLength(4);
    for (const e of mine) expect(e.created_at).toEqual(expect.any(String));
  });

  it('is idempotent: a second run changes nothing and sends nothing again', async () => {
    const call = await finishedCall(h, h.orgId, agentId, { messages: conversation });
    await settle(h.orgId, call.id);
    const first = await h.json('GET', `/v1/calls/${call.id}`);
    const sent = hook.received.length;
    await h.core.finalizer.finalize(h.orgId, call.id);
    await settle(h.orgId, call.id);
    expect((await h.json('GET', `/v1/calls/${call.id}`)).body.analysis).toEqual(first.body.analysis);
    expect(hook.received.length).toBe(sent);
    expect(await eventsOf(h, call.id)).toEqual([
      'call.started',
      'call.ended',
      'call.analyzed',
      'transcript.final',
    ]);
  });

  it('a call that never connected gets call.failed (no call.started) and not_connected', async () => {
    const call = await finishedCall(h, h.orgId, agentId, { connected: false, reason: 'busy' });
    await settle(h.orgId, call.id);
    const r = await h.json('GET', `/v1/calls/${call.id}`);
    expect(r.body).toMatchObject({
      status: 'failed',
      outcome: 'not_connected',
      cost_cents: 0,
      cost_breakdown: [],
    });
    expect(r.body.analysis.classifier).toBe('call_facts');
    expect(
      hook
        .events()
        .filter((e) => e.call_id === call.id)
        .map((e) => e.event),
    ).toEqual(['call.failed', 'call.analyzed']);
  });

  it('voicemail ends with outcome voicemail from the call facts', async () => {
    const call = await finishedCall(h, h.orgId, agentId, {
      messages: [say('assistant', 'Sorry we missed you, please call us back.')],
      reason: 'voicemail',
    });
    await settle(h.orgId, call.id);
    expect((await h.json('GET', `/v1/calls/${call.id}`)).body).toMatchObject({
      status: 'completed',
      outcome: 'voicemail',
      analysis: { outcome: 'voicemail', classifier: 'call_facts' },
    });
  });

  it('uses the usage the engine recorded instead of estimating', async () => {
    const call = await finishedCall(h, h.orgId, agentId, {
      messages: conversation,
      durationSeconds: 60,
      carrier: 'twilio',
      usage: { llm: [{ provider: 'openai', model: 'gpt-4o-mini', input_tokens: 2000, output_tokens: 1000 }] },
    });
    await settle(h.orgId, call.id);
    const r = await h.json('GET', `/v1/calls/${call.id}`);
    expect(r.body.cost_breakdown).toEqual([
      { item: 'carrier:twilio', quantity: 1, unit: 'minute', unit_price_cents: 1.4, cents: 1.4 },
      {
        item: 'llm_input:openai/gpt-4o-mini',
        quantity: 2,
        unit: '1k_tokens',
        unit_price_cents: 0.015,
        cents: 0.03,
      },
      {
        item: 'llm_output:openai/gpt-4o-mini',
        quantity: 1,
        unit: '1k_tokens',
        unit_price_cents: 0.06,
        cents: 0.06,
      },
    ]);
    expect(r.body.cost_cents).toBe(1.49);
  });
});

describe('manual outcome (PATCH) and post-call analysis', () => {
  it('a manual outcome set before finalize is kept; the classifier’s pick is recorded beside it', async () => {
    const call = await finishedCall(h, h.orgId, agentId, { messages: conversation });
    const p = await h.json('PATCH', `/v1/calls/${call.id}`, { body: { outcome: 'hot_lead' } });
    expect(p.status).toBe(200);
    await settle(h.orgId, call.id);
    const r = await h.json('GET', `/v1/calls/${call.id}`);
    expect(r.body.outcome).toBe('hot_lead');
    expect(r.body.analysis).toMatchObject({
      outcome: 'hot_lead',
      outcome_source: 'manual',
      auto_outcome: 'interested',
    });
    expect(r.body.ai_summary).toMatch(/Offline summary/);
    const analyzed = hook.events().find((e) => e.call_id === call.id && e.event === 'call.analyzed');
    expect(analyzed).toMatchObject({ outcome: 'hot_lead' });
  });

  it('a manual outcome set after finalize replaces the automatic one', async () => {
    const call = await finishedCall(h, h.orgId, agentId, { messages: conversation });
    await settle(h.orgId, call.id);
    await h.json('PATCH', `/v1/calls/${call.id}`, { body: { outcome: 'not_interested' } });
    await h.core.finalizer.finalize(h.orgId, call.id);
    expect((await h.json('GET', `/v1/calls/${call.id}`)).body).toMatchObject({
      outcome: 'not_interested',
      analysis: { outcome: 'not_interested', outcome_source: 'manual' },
    });
  });
});

describe('workspace outcomes in the offline classifier', () => {
  it('picks an active custom outcome the conversation names, never a deactivated one', async () => {
    const o = await h.json('POST', '/v1/workspace/call-outcomes', { body: { label: 'Wrong number' } });
    expect(o.status).toBe(201);
    const mentions = [say('user', 'I think you have the wrong number.')];
    const a = await finishedCall(h, h.orgId, agentId, { messages: mentions });
    await settle(h.orgId, a.id);
    expect((await h.json('GET', `/v1/calls/${a.id}`)).body.outcome).toBe('wrong_number');
    await h.json('PATCH', `/v1/workspace/call-outcomes/${o.body.id}`, { body: { is_active: false } });
    const b = await finishedCall(h, h.orgId, agentId, { messages: mentions });
    await settle(h.orgId, b.id);
    expect((await h.json('GET', `/v1/calls/${b.id}`)).body.outcome).toBeNull();
  });
});

describe('GET /v1/usage from the same ledger', () => {
  it('adds a finalized call’s credits and cost to this month', async () => {
    const { orgId, key } = await h.newWorkspace('usage');
    const agent = await newAgent(h, key);
    const before = (await h.json('GET', '/v1/usage', { key })).body;
    const call = await finishedCall(h, orgId, agent, {
      messages: conversation,
      durationSeconds: 120,
      carrier: 'twilio',
      usage: { stt: [{ provider: 'deepgram', seconds: 120 }] },
    });
    await settle(orgId, call.id);
    const after = (await h.json('GET', '/v1/usage', { key })).body;
    expect(after.calls_this_month).toBe(before.calls_this_month + 1);
    expect(after.minutes_used_this_month).toBe(before.minutes_used_this_month + 2);
    // 2 min × 1.4 (twilio) + 2 min × 0.77 (deepgram) = 4.34 cents, rounded in the monthly total.
    expect(after.cost_cents_this_month).toBe(before.cost_cents_this_month + 4);
  });
});
