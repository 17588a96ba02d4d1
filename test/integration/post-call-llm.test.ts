import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analysisToolName } from '../../src/domain/post-call/llm-analyzer.ts';
import { OpenAiDouble } from '../../src/providers/llm/testing/openai-double.ts';
import { newAgent } from '../support/calls.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { finishedCall, say } from '../support/post-call.ts';

// Each test runs a whole call's post-call path against a loopback OpenAI server.
vi.setConfig({ testTimeout: 20_000 });

let h: Harness;
let openai: OpenAiDouble;
let agentId: string;

beforeAll(async () => {
  openai = await OpenAiDouble.start({ apiKey: 'sk-test' });
  h = await createHarness({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl } });
  agentId = await newAgent(h);
  const o = await h.json('POST', '/v1/workspace/call-outcomes', {
    body: { label: 'Callback requested', description: 'The caller asked us to call back at another time.' },
  });
  expect(o.status).toBe(201);
});
afterAll(async () => {
  await h.close();
  await openai.close();
});

const conversation = [
  say('assistant', 'Hi, this is Ana from Acme. Is now a good time?'),
  say('user', 'Not really, can you call me back on Friday afternoon?', 2000),
  say('assistant', 'Of course, I will call you on Friday afternoon.', 5000),
];

async function analysed() {
  const call = await finishedCall(h, h.orgId, agentId, { messages: conversation });
  await h.core.lifecycle.ended(h.orgId, call.id);
  await h.queue.drain(h.clock.now());
  return (await h.json('GET', `/v1/calls/${call.id}`)).body;
}

describe('call.finalize with the agent’s LLM (OpenAI-compatible, loopback)', () => {
  it('classifies into a workspace outcome through the structured function call', async () => {
    openai.reply({
      toolCalls: [
        {
          id: 'call_1',
          name: analysisToolName,
          arguments: JSON.stringify({
            outcome: 'callback_requested',
            summary: 'Asked to be called back on Friday afternoon.',
          }),
        },
      ],
      finishReason: 'tool_calls',
    });
    const call = await analysed();
    expect(call).toMatchObject({
      outcome: 'callback_requested',
      ai_summary: 'Asked to be called back on Friday afternoon.',
      analysis: { classifier: 'llm', model: 'openai/gpt-4o-mini', outcome_source: 'auto' },
    });
    const req = openai.bodies.at(-1)!;
    expect(req.model).toBe('gpt-4o-mini');
    expect(req.temperature).toBe(0);
    const system = req.messages[0]!.content as string;
    expect(system).toContain(
      '- callback_requested ("Callback requested"): The caller asked us to call back at another time.',
    );
    expect(system).toContain('- appointment_booked ("Appointment Booked")');
    expect(req.messages[1]!.content).toContain(
      'Caller: Not really, can you call me back on Friday afternoon?',
    );
    const fn = req.tools![0]!.function;
    expect(fn.name).toBe(analysisToolName);
    expect((fn.parameters as any).properties.outcome.enum).toEqual([
      'appointment_booked',
      'interested',
      'not_interested',
      'not_connected',
      'voicemail',
      'callback_requested',
      null,
    ]);
  });

  it('falls back to the labelled offline classifier when the LLM fails', async () => {
    openai.fail(500);
    const call = await analysed();
    expect(call.analysis.classifier).toBe('offline');
    expect(call.analysis.note).toMatch(/LLM analysis with openai\/gpt-4o-mini failed/);
    expect(call.ai_summary).toMatch(/^Offline summary \(no LLM\)/);
  });

  it('falls back when the answer does not validate (an outcome not on the list)', async () => {
    openai.reply({ text: '{"outcome":"hot_lead","summary":"Very keen."}' });
    const call = await analysed();
    expect(call.analysis).toMatchObject({ classifier: 'offline' });
    expect(call.analysis.note).toMatch(/did not validate/);
  });
});
