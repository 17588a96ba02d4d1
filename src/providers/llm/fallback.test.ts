import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors.ts';
import { FakeLlm } from './fake-llm.ts';
import { FallbackLlm } from './fallback.ts';
import { collectChat, describeLlmContract } from './llm.contract.ts';

describeLlmContract('FallbackLlm over a failing primary', async () => {
  const primary = new FakeLlm({ provider: 'primary', replies: () => ({ error: retryable() }) });
  const secondary = new FakeLlm({ provider: 'secondary' });
  return {
    llm: new FallbackLlm([{ llm: primary }, { llm: secondary }]),
    model: 'm',
    script: (r) => secondary.enqueue(r),
    fail: (status) =>
      secondary.enqueue({ error: new ProviderError('secondary', 'x', { statusCode: status }) }),
    close: async () => {},
  };
});

const retryable = () => new ProviderError('primary', 'HTTP 503', { statusCode: 503 });
const req = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('FallbackLlm', () => {
  it('prewarms only the first provider, the one that answers unless it fails', () => {
    const primary = new FakeLlm();
    const secondary = new FakeLlm();
    new FallbackLlm([{ llm: primary }, { llm: secondary }]).prewarm();
    expect([primary.prewarms, secondary.prewarms]).toEqual([1, 0]);
  });

  it('fails over on a retryable error before output, using the entry model, and reports it', async () => {
    const primary = new FakeLlm({ provider: 'openai', replies: [{ error: retryable() }] });
    const secondary = new FakeLlm({ provider: 'anthropic', replies: [{ text: 'from b' }] });
    const seen: string[] = [];
    const llm = new FallbackLlm([{ llm: primary }, { llm: secondary, model: 'claude-haiku-4-5' }], {
      onFailover: (a, b, e) => seen.push(`${a}>${b}:${e.statusCode}`),
    });
    const chunks = await collectChat(llm, req);
    expect(chunks[0]).toEqual({ type: 'text', text: 'from b' });
    expect(secondary.requests[0]!.model).toBe('claude-haiku-4-5');
    expect(seen).toEqual(['openai>anthropic:503']);
    expect(llm.provider).toBe('openai');
  });

  it('does not fail over on a non-retryable error', async () => {
    const bad = new ProviderError('openai', 'HTTP 401', { statusCode: 401 });
    const secondary = new FakeLlm({ replies: [{ text: 'never' }] });
    const llm = new FallbackLlm([{ llm: new FakeLlm({ replies: [{ error: bad }] }) }, { llm: secondary }]);
    await expect(collectChat(llm, req)).rejects.toBe(bad);
    expect(secondary.requests).toHaveLength(0);
  });

  it('does not fail over once output was produced', async () => {
    const midway = retryable();
    const secondary = new FakeLlm({ replies: [{ text: 'never' }] });
    const llm = new FallbackLlm([
      { llm: new FakeLlm({ replies: [{ text: ['a ', 'b'], error: midway, failAfterChunks: 1 }] }) },
      { llm: secondary },
    ]);
    await expect(collectChat(llm, req)).rejects.toBe(midway);
    expect(secondary.requests).toHaveLength(0);
  });

  it('throws the last error when every provider fails', async () => {
    const last = retryable();
    const llm = new FallbackLlm([
      { llm: new FakeLlm({ replies: [{ error: retryable() }] }) },
      { llm: new FakeLlm({ replies: [{ error: last }] }) },
    ]);
    await expect(collectChat(llm, req)).rejects.toBe(last);
  });
});
