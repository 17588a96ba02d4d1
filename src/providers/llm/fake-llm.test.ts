import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { chunkWords, FakeLlm } from './fake-llm.ts';
import { collectChat, describeLlmContract } from './llm.contract.ts';

describeLlmContract('FakeLlm', async () => {
  const llm = new FakeLlm();
  return {
    llm,
    model: 'fake-model',
    script: (reply) => llm.enqueue(reply),
    fail: (status) =>
      llm.enqueue({ error: new ProviderError('fake', `HTTP ${status}`, { statusCode: status }) }),
    close: async () => {},
  };
});

const req = { model: 'm', messages: [{ role: 'user' as const, content: 'hi there' }] };

describe('FakeLlm', () => {
  it('splits a string reply into word chunks that join back to the text', () => {
    expect(chunkWords('one two three four five six seven', 3)).toEqual([
      'one two three ',
      'four five six ',
      'seven',
    ]);
  });

  it('waits ttftMs then chunkIntervalMs between text chunks on the injected clock', async () => {
    const clock = new ManualClock();
    const llm = new FakeLlm({ clock, ttftMs: 200, chunkIntervalMs: 20, replies: [{ text: ['a ', 'b'] }] });
    const seen: Array<[string, number]> = [];
    const start = clock.monotonic();
    const done = (async () => {
      for await (const c of llm.chat(req, new AbortController().signal))
        seen.push([c.type, clock.monotonic() - start]);
    })();
    const settle = () => new Promise((r) => setImmediate(r));
    await settle();
    expect(seen).toEqual([]);
    clock.advance(200);
    await settle();
    expect(seen).toEqual([['text', 200]]);
    clock.advance(20);
    await done;
    expect(seen).toEqual([
      ['text', 200],
      ['text', 220],
      ['usage', 220],
      ['done', 220],
    ]);
  });

  it('records requests and answers from a reply function without running out', async () => {
    const llm = new FakeLlm({ replies: (_req, turn) => ({ text: `turn ${turn}` }) });
    await collectChat(llm, req);
    const chunks = await collectChat(llm, req);
    expect(chunks[0]).toEqual({ type: 'text', text: 'turn 1' });
    expect(llm.requests).toHaveLength(2);
  });

  it('fails after the given number of chunks', async () => {
    const error = new ProviderError('fake', 'broke', { retryable: true });
    const llm = new FakeLlm({ replies: [{ text: ['a ', 'b ', 'c'], error, failAfterChunks: 2 }] });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of llm.chat(req, new AbortController().signal)) got.push(c.type);
      })(),
    ).rejects.toBe(error);
    expect(got).toEqual(['text', 'text']);
  });

  it('throws a clear error when the script is exhausted', async () => {
    await expect(collectChat(new FakeLlm(), req)).rejects.toThrow('no scripted reply left');
  });
});
