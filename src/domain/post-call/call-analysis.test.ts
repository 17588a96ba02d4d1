import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/logger.ts';
import { ProviderError } from '../../providers/errors.ts';
import { FakeLlm } from '../../providers/llm/fake-llm.ts';
import type { CallMessage, CallRecord } from '../call/call.ts';
import { builtinOutcomeChoices, type OutcomeChoice } from './call-analysis.ts';
import { CallAnalyzer } from './call-analyzer.ts';
import { analysisRequest, analysisToolName, analyzeWithLlm } from './llm-analyzer.ts';
import { classifyOffline } from './offline-classifier.ts';

const say = (role: CallMessage['role'], content: string): CallMessage => ({
  role,
  content,
  start_ms: 0,
  end_ms: 0,
});
const custom: OutcomeChoice = {
  name: 'callback_requested',
  label: 'Callback requested',
  description: 'Asked us to call back later.',
};
const choices = [...builtinOutcomeChoices, custom];

function call(messages: CallMessage[], over: Partial<CallRecord> = {}): CallRecord {
  return {
    id: 'call_01jd8x2k3m4n5p6q7r8s9t0v1w',
    org_id: 'org_x',
    status: 'completed',
    end_reason: 'customer_hangup',
    duration_seconds: 42,
    direction: 'outbound',
    messages,
    analysis: {},
    ...over,
  } as CallRecord;
}

describe('classifyOffline', () => {
  it.each([
    [
      'voicemail from the end reason',
      call([say('assistant', 'Hi')], { end_reason: 'voicemail' }),
      'voicemail',
    ],
    [
      'not_connected when the call never connected',
      call([], { status: 'failed', end_reason: 'no_answer' }),
      'not_connected',
    ],
    [
      'not_connected when the caller said nothing',
      call([say('assistant', 'Hello?')], { end_reason: 'silence_timeout' }),
      'not_connected',
    ],
    ['null for a cancelled scheduled call', call([], { status: 'failed', end_reason: 'cancelled' }), null],
    [
      'null for an answered call cut off by a crash before its transcript was saved',
      call([], { status: 'failed', end_reason: 'server_restart', answered_at: '2026-01-01T00:00:00.000Z' }),
      null,
    ],
    [
      'not_connected for a ringing call cut off by a crash',
      call([], { status: 'failed', end_reason: 'server_restart' }),
      'not_connected',
    ],
    [
      'not_interested from a decline',
      call([say('assistant', 'Would you like a demo?'), say('user', "No thanks, I'm not interested")]),
      'not_interested',
    ],
    [
      'interested from engagement',
      call([say('assistant', 'We cut costs by half.'), say('user', 'Sounds interesting, tell me more')]),
      'interested',
    ],
    [
      'appointment_booked from a confirmation',
      call([say('user', 'Tuesday at 3 works'), say('assistant', "Great, you're booked for Tuesday at 3.")]),
      'appointment_booked',
    ],
    [
      'a custom outcome its label names',
      call([say('user', 'Busy now, a callback requested for tomorrow please')]),
      'callback_requested',
    ],
    ['null when nothing matches', call([say('user', 'What is the weather like?')]), null],
  ])('%s', (_label, c, outcome) => {
    const a = classifyOffline(c, choices);
    expect(a.outcome).toBe(outcome);
    expect(a.summary.length).toBeGreaterThan(10);
  });

  it('labels itself and keeps the reason it ran', () => {
    const a = classifyOffline(call([say('user', 'hello')]), choices, 'no key');
    expect(a).toMatchObject({ classifier: 'offline', note: 'no key' });
    expect(a.summary).toMatch(/^Offline summary \(no LLM\)/);
  });

  it('never picks an outcome that is not allowed (a deactivated one)', () => {
    const a = classifyOffline(
      call([say('user', 'Sounds good')]),
      builtinOutcomeChoices.filter((c) => c.name !== 'interested'),
    );
    expect(a.outcome).toBeNull();
  });
});

describe('analyzeWithLlm', () => {
  const convo = call([
    say('assistant', 'Shall I book you in?'),
    say('user', 'Call me back next week instead'),
  ]);
  const request = analysisRequest(convo, choices, 'gpt-4o-mini');

  it('puts every outcome with its label and description, and the transcript, in the request', () => {
    const system = request.messages[0]!.content;
    expect(system).toContain('- callback_requested ("Callback requested"): Asked us to call back later.');
    expect(system).toContain('- voicemail ("Voicemail")');
    expect(request.messages[1]!.content).toContain('Caller: Call me back next week instead');
    expect(request.tools![0]!.name).toBe(analysisToolName);
    expect(request.temperature).toBe(0);
  });

  it('takes the verdict from the tool call, validated', async () => {
    const llm = new FakeLlm({
      provider: 'openai',
      replies: [
        {
          toolCalls: [
            {
              id: 't1',
              name: analysisToolName,
              arguments: '{"outcome":"callback_requested","summary":"Wants a call next week."}',
            },
          ],
        },
      ],
    });
    const a = await analyzeWithLlm(llm, request, choices, new AbortController().signal);
    expect(a).toEqual({
      outcome: 'callback_requested',
      summary: 'Wants a call next week.',
      classifier: 'llm',
      model: 'openai/gpt-4o-mini',
    });
  });

  it('accepts JSON in prose, a "null" outcome and a label-cased name', async () => {
    const prose = new FakeLlm({
      replies: [{ text: 'Here: ```json\n{"outcome": "null", "summary": "Too short."}\n```' }],
    });
    expect((await analyzeWithLlm(prose, request, choices, new AbortController().signal)).outcome).toBeNull();
    const cased = new FakeLlm({
      replies: [{ text: '{"outcome": "Not Interested", "summary": "Declined."}' }],
    });
    expect((await analyzeWithLlm(cased, request, choices, new AbortController().signal)).outcome).toBe(
      'not_interested',
    );
  });

  it.each([
    ['an outcome not on the list', '{"outcome":"hot_lead","summary":"x"}', /did not validate/],
    ['no summary', '{"outcome":"interested"}', /summary/],
    ['no JSON at all', 'I think they were interested.', /without calling/],
  ])('rejects %s', async (_label, text, message) => {
    const llm = new FakeLlm({ replies: [{ text }] });
    await expect(analyzeWithLlm(llm, request, choices, new AbortController().signal)).rejects.toThrow(
      message,
    );
  });
});

describe('CallAnalyzer', () => {
  const convo = call([say('user', 'Sounds great, tell me more')]);

  it('falls back to the offline classifier, saying why, when the LLM fails', async () => {
    const clock = new ManualClock();
    const analyzer = new CallAnalyzer({ clock, logger: silentLogger(), budgetMs: 2000 });
    const llm = new FakeLlm({
      provider: 'openai',
      replies: [{ error: new ProviderError('openai', 'HTTP 500', { retryable: true }) }],
    });
    const a = await analyzer.analyze(convo, choices, { llm, model: 'gpt-4o-mini' });
    expect(a).toMatchObject({ classifier: 'offline', outcome: 'interested' });
    expect(a.note).toMatch(/openai\/gpt-4o-mini failed: HTTP 500/);
  });

  it('falls back when the LLM does not answer within the budget, and aborts it', async () => {
    const clock = new ManualClock();
    const analyzer = new CallAnalyzer({ clock, logger: silentLogger(), budgetMs: 2000 });
    const llm = new FakeLlm({
      clock,
      ttftMs: 10_000,
      replies: [{ text: '{"outcome":null,"summary":"late"}' }],
    });
    const pending = analyzer.analyze(convo, choices, { llm, model: 'm' });
    await clock.advanceAsync(2000);
    const a = await pending;
    expect(a).toMatchObject({ classifier: 'offline' });
    expect(a.note).toMatch(/no answer within 2000 ms/);
  });

  it('does not ask the LLM about calls whose facts decide the outcome', async () => {
    const analyzer = new CallAnalyzer({ clock: new ManualClock(), logger: silentLogger(), budgetMs: 2000 });
    const llm = new FakeLlm();
    const a = await analyzer.analyze(call([], { status: 'failed', end_reason: 'busy' }), choices, {
      llm,
      model: 'm',
    });
    expect(a).toMatchObject({ classifier: 'call_facts', outcome: 'not_connected' });
    expect(llm.requests).toHaveLength(0);
  });

  it('uses the offline classifier with the reason when no LLM is available', async () => {
    const analyzer = new CallAnalyzer({ clock: new ManualClock(), logger: silentLogger(), budgetMs: 2000 });
    const a = await analyzer.analyze(convo, choices, { unavailable: 'offline brain' });
    expect(a).toMatchObject({ classifier: 'offline', note: 'offline brain', outcome: 'interested' });
  });
});
