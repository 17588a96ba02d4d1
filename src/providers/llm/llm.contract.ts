import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import type { ScriptedLlmReply } from './fake-llm.ts';
import type { Llm, LlmChunk, LlmRequest } from './llm.ts';

/** What the contract needs from an adapter under test: the adapter and a way to script its provider. */
export interface LlmContractSubject {
  llm: Llm;
  model: string;
  /** Script the provider's next reply. */
  script(reply: ScriptedLlmReply): void;
  /** Make the provider's next request fail with this HTTP status. */
  fail(status: number): void;
  close(): Promise<void>;
}

/** Drain a chat stream. */
export async function collectChat(llm: Llm, req: LlmRequest, signal = new AbortController().signal) {
  const out: LlmChunk[] = [];
  for await (const c of llm.chat(req, signal)) out.push(c);
  return out;
}

const textOf = (chunks: LlmChunk[]) => chunks.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** The behaviour every Llm adapter must show; run against the fake and each vendor adapter on its double. */
export function describeLlmContract(name: string, setup: () => Promise<LlmContractSubject>): void {
  describe(`Llm contract: ${name}`, () => {
    let s: LlmContractSubject;
    const req = (extra: Partial<LlmRequest> = {}): LlmRequest => ({
      model: s.model,
      messages: [
        { role: 'system', content: 'You are a test assistant.' },
        { role: 'user', content: 'Hello?' },
      ],
      ...extra,
    });
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s.close();
    });

    it('streams text deltas in order, then usage, then done', async () => {
      s.script({ text: ['Hel', 'lo ', 'world.'], usage: { inputTokens: 12, outputTokens: 3 } });
      const chunks = await collectChat(s.llm, req());
      expect(textOf(chunks)).toBe('Hello world.');
      expect(chunks.filter((c) => c.type === 'text').length).toBeGreaterThanOrEqual(1);
      expect(chunks.at(-2)).toEqual({ type: 'usage', inputTokens: 12, outputTokens: 3 });
      expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'stop' });
    });

    it('assembles a tool call streamed in fragments into one complete call', async () => {
      const call = { id: 'call_1', name: 'lookup', arguments: '{"query":"opening hours","limit":2}' };
      s.script({ toolCalls: [call] });
      const chunks = await collectChat(
        s.llm,
        req({ tools: [{ name: 'lookup', description: 'Search', parameters: { type: 'object' } }] }),
      );
      const calls = chunks.filter((c) => c.type === 'tool_call');
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ call: { id: 'call_1', name: 'lookup' } });
      expect(JSON.parse((calls[0] as { call: { arguments: string } }).call.arguments)).toEqual({
        query: 'opening hours',
        limit: 2,
      });
      expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'tool_calls' });
    });

    it('delivers text before parallel tool calls, in order', async () => {
      s.script({
        text: ['One moment.'],
        toolCalls: [
          { id: 'call_a', name: 'first', arguments: '{"a":1}' },
          { id: 'call_b', name: 'second', arguments: '{}' },
        ],
      });
      const chunks = await collectChat(s.llm, req());
      const kinds = chunks.map((c) => c.type);
      expect(kinds.indexOf('text')).toBeLessThan(kinds.indexOf('tool_call'));
      const names = chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call.name] : []));
      expect(names).toEqual(['first', 'second']);
      expect(textOf(chunks)).toBe('One moment.');
    });

    it('accepts a conversation holding tool calls and their results', async () => {
      s.script({ text: ['It opens at nine.'] });
      const chunks = await collectChat(
        s.llm,
        req({
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'assistant', content: 'Hi, how can I help?' },
            { role: 'user', content: 'When do you open?' },
            {
              role: 'assistant',
              content: '',
              toolCalls: [{ id: 'call_9', name: 'lookup', arguments: '{"query":"open"}' }],
            },
            { role: 'tool', toolCallId: 'call_9', name: 'lookup', content: 'Opens 9am.' },
          ],
          tools: [{ name: 'lookup', description: 'Search', parameters: { type: 'object', properties: {} } }],
          temperature: 0.2,
          maxTokens: 64,
        }),
      );
      expect(textOf(chunks)).toBe('It opens at nine.');
    });

    for (const [status, retryable] of [
      [503, true],
      [429, true],
      [401, false],
    ] as const) {
      it(`maps HTTP ${status} to a ${retryable ? 'retryable' : 'non-retryable'} ProviderError`, async () => {
        s.fail(status);
        const err = await collectChat(s.llm, req()).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ProviderError);
        expect(err).toMatchObject({ retryable, statusCode: status });
      });
    }

    it('yields nothing and does not throw when aborted before the call', async () => {
      const ac = new AbortController();
      ac.abort();
      expect(await collectChat(s.llm, req(), ac.signal)).toEqual([]);
    });

    it('stops without throwing when aborted mid-stream', async () => {
      s.script({ text: ['a ', 'b ', 'c ', 'd ', 'e'] });
      const ac = new AbortController();
      const got: LlmChunk[] = [];
      for await (const c of s.llm.chat(req(), ac.signal)) {
        got.push(c);
        ac.abort();
      }
      expect(got).toHaveLength(1);
    });
  });
}
