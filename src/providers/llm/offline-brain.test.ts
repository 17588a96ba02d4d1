import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { bestPassage } from './kb-passage.ts';
import { collectChat } from './llm.contract.ts';
import type { LlmChunk, LlmMessage, LlmToolDef } from './llm.ts';
import { OfflineBrain } from './offline-brain.ts';

const brain = new OfflineBrain();
const tool = (
  name: string,
  parameters: Record<string, unknown> = { type: 'object', properties: {} },
): LlmToolDef => ({
  name,
  description: name.replaceAll('_', ' '),
  parameters,
});
const endCall = tool('end_call');
const transfer = tool('transfer_call', {
  type: 'object',
  properties: { destination: { type: 'string', enum: ['+15550100'] } },
  required: ['destination'],
});
const kb = tool('search_knowledge_base', {
  type: 'object',
  properties: { query: { type: 'string' } },
  required: ['query'],
});

async function ask(messages: LlmMessage[], tools: LlmToolDef[] = []) {
  const chunks = await collectChat(brain, { model: 'parley-offline-brain', messages, tools });
  return {
    chunks,
    text: chunks.map((c) => (c.type === 'text' ? c.text : '')).join(''),
    calls: chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : [])),
    done: chunks.at(-1) as Extract<LlmChunk, { type: 'done' }>,
  };
}
const sys: LlmMessage = { role: 'system', content: 'You are a helpful assistant.' };
const user = (content: string): LlmMessage => ({ role: 'user', content });

describe('OfflineBrain', () => {
  it('greets when the caller has not spoken yet', async () => {
    expect((await ask([sys])).text).toMatch(/^Hello! I'm an offline demo assistant/);
  });

  it('answers the first user turn and says it is an offline demo', async () => {
    const r = await ask([
      sys,
      { role: 'assistant', content: 'Hi, this is Acme.' },
      user('Hi there, I have a question'),
    ]);
    expect(r.text).toContain('offline demo assistant');
    expect(r.done).toEqual({ type: 'done', finishReason: 'stop' });
  });

  it('says goodbye and calls end_call when the caller says goodbye', async () => {
    const r = await ask([sys, user('Okay, that is all, bye!')], [kb, endCall]);
    expect(r.text).toBe('Thanks for calling. Goodbye!');
    expect(r.calls).toEqual([{ id: expect.any(String), name: 'end_call', arguments: '{}' }]);
    expect(r.done.finishReason).toBe('tool_calls');
  });

  it('says goodbye without a tool call when no end_call tool exists', async () => {
    const r = await ask([sys, user('goodbye')]);
    expect(r.calls).toEqual([]);
    expect(r.text).toContain('Goodbye');
  });

  it('transfers when the caller asks for a human and a transfer tool exists', async () => {
    const r = await ask([sys, user('Can I speak to a real person please?')], [transfer, endCall]);
    expect(r.calls).toEqual([
      { id: expect.any(String), name: 'transfer_call', arguments: '{"destination":"+15550100"}' },
    ]);
    expect(r.text).toContain('transfer you');
  });

  it('apologises when asked for a representative and no transfer tool exists', async () => {
    const r = await ask([sys, user('representative')]);
    expect(r.calls).toEqual([]);
    expect(r.text).toContain("can't transfer");
  });

  it('says it is an offline demo when asked what it is', async () => {
    expect((await ask([sys, user('Wait, are you a robot?')])).text).toContain('offline demo assistant');
  });

  it('calls the knowledge-base tool with the question, then answers from its result', async () => {
    const q = 'What are your opening hours?';
    const first = await ask([sys, user(q)], [kb]);
    expect(first.calls).toEqual([
      { id: expect.any(String), name: 'search_knowledge_base', arguments: JSON.stringify({ query: q }) },
    ]);
    const second = await ask(
      [
        sys,
        user(q),
        { role: 'assistant', content: first.text, toolCalls: first.calls },
        {
          role: 'tool',
          toolCallId: first.calls[0]!.id,
          name: 'search_knowledge_base',
          content:
            'Parking is free for customers. We are open from 9am to 5pm, Monday to Friday. Returns take 30 days.',
        },
      ],
      [kb],
    );
    expect(second.text).toBe('We are open from 9am to 5pm, Monday to Friday.');
    expect(second.calls).toEqual([]);
  });

  const afterSearch = (q: string, result: string): LlmMessage[] => [
    sys,
    user(q),
    {
      role: 'assistant',
      content: 'Let me check that for you.',
      toolCalls: [{ id: 't1', name: kb.name, arguments: '{}' }],
    },
    { role: 'tool', toolCallId: 't1', name: 'search_knowledge_base', content: result },
  ];

  it('answers from the best passage of numbered search results, without their markers', async () => {
    const result =
      '[1] (page 2) Parking is free for customers.\n\n[2] (https://acme.test/hours) Opening hours\nOn Saturdays the shop opens at 10 am.';
    expect((await ask(afterSearch('When do you open on Saturdays?', result), [kb])).text).toBe(
      'On Saturdays the shop opens at 10 am.',
    );
  });

  it('says it found nothing when the search matched nothing', async () => {
    const none = 'No matching passages were found in the knowledge base.';
    expect((await ask(afterSearch('Is there a base fee for matching?', none), [kb])).text).toBe(
      "I'm sorry, I couldn't find that in the knowledge base.",
    );
  });

  it('searches for a question that starts with a greeting, not for a bare greeting or thanks', async () => {
    expect((await ask([sys, user('Hi, when do you open on Saturday')], [kb])).calls).toHaveLength(1);
    expect((await ask([sys, user('Hello there!')], [kb])).calls).toEqual([]);
    expect((await ask([sys, user('Thanks a lot.')], [kb])).calls).toEqual([]);
  });

  it('answers from knowledge text in the system prompt, skipping instructions', async () => {
    const system: LlmMessage = {
      role: 'system',
      content:
        'You are the Acme assistant. Always answer deliveries questions politely.\n# Knowledge base\n' +
        'Acme opens at 9am on weekdays. Deliveries take three business days. Returns are free within 30 days.',
    };
    expect((await ask([system, user('How long do deliveries take?')])).text).toBe(
      'Deliveries take three business days.',
    );
  });

  it('streams its reply in chunks of at most three words, paced on the injected clock', async () => {
    const clock = new ManualClock();
    const paced = new OfflineBrain({ clock, chunkDelayMs: 50 });
    const got: string[] = [];
    const run = (async () => {
      for await (const c of paced.chat({ model: 'x', messages: [sys] }, new AbortController().signal)) {
        if (c.type === 'text') got.push(c.text);
      }
    })();
    await new Promise((r) => setImmediate(r));
    expect(got).toHaveLength(1);
    for (let i = 0; i < 10; i++) {
      clock.advance(50);
      await new Promise((r) => setImmediate(r));
    }
    await run;
    expect(got.length).toBeGreaterThan(2);
    expect(got.every((c) => (c.match(/\S+/g) ?? []).length <= 3)).toBe(true);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await collectChat(brain, { model: 'x', messages: [sys] }, ac.signal)).toEqual([]);
  });
});

describe('bestPassage', () => {
  it('returns undefined when no sentence shares a keyword', () => {
    expect(bestPassage('Do you sell bicycles?', 'We are open at 9am. Parking is free.')).toBeUndefined();
  });

  it('returns both sentences when two tie, in text order', () => {
    expect(
      bestPassage('Is there parking?', 'Parking costs two dollars. Rain is common. The parking lot is big.'),
    ).toBe('Parking costs two dollars. The parking lot is big.');
  });
});
