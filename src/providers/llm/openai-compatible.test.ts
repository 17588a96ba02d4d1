import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { HttpDouble } from '../testing/http-double.ts';
import { expectPrewarmedConnection } from '../testing/prewarm-check.ts';
import { hasIdleConnection } from '../vendor-pool.ts';
import { collectChat, describeLlmContract } from './llm.contract.ts';
import { OpenAiCompatibleLlm } from './openai-compatible.ts';
import { OpenAiDouble } from './testing/openai-double.ts';

const key = 'sk-test-123';

describeLlmContract('OpenAiCompatibleLlm', async () => {
  const double = await OpenAiDouble.start({ apiKey: key });
  return {
    llm: new OpenAiCompatibleLlm({
      provider: 'openai',
      baseUrl: double.baseUrl,
      apiKey: key,
      clock: systemClock,
    }),
    model: 'gpt-4o-mini',
    script: (r) => double.reply(r),
    fail: (status) => double.fail(status),
    close: () => double.close(),
  };
});

const user = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hi' }] };

describe('OpenAiCompatibleLlm wire format', () => {
  let double: OpenAiDouble;
  beforeAll(async () => {
    double = await OpenAiDouble.start({ apiKey: key });
  });
  afterAll(() => double.close());
  const llm = (opts: Partial<ConstructorParameters<typeof OpenAiCompatibleLlm>[0]> = {}) =>
    new OpenAiCompatibleLlm({
      provider: 'openai',
      baseUrl: double.baseUrl,
      apiKey: key,
      clock: systemClock,
      ...opts,
    });

  it('posts a streaming request with usage, tools and tool messages in OpenAI form', async () => {
    await collectChat(llm(), {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{"x":1}' }] },
        { role: 'tool', toolCallId: 'c1', name: 'f', content: 'r' },
      ],
      tools: [{ name: 'f', description: 'd', parameters: { type: 'object' } }],
      temperature: 0.3,
      maxTokens: 50,
    });
    const req = double.http.lastRequest!;
    expect(req.headers.authorization).toBe(`Bearer ${key}`);
    expect(double.bodies.at(-1)).toEqual({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      max_tokens: 50,
      tools: [
        { type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' } } },
      ],
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'r' },
      ],
    });
  });

  it('keeps the connection for the next turn once a reply ended with [DONE]', async () => {
    const fresh = await OpenAiDouble.start({ apiKey: key });
    let connections = 0;
    fresh.http.httpServer.on('connection', () => connections++);
    for (const text of ['one', 'two', 'three']) {
      fresh.reply({ text });
      expect(await collectChat(llm({ baseUrl: fresh.baseUrl }), user)).toContainEqual({ type: 'text', text });
      await expect.poll(() => hasIdleConnection(fresh.baseUrl)).toBe(true);
    }
    await fresh.close();
    expect(connections).toBe(1);
  });

  it('opens its connection ahead of the next chat when prewarmed, sending nothing', async () => {
    const fresh = await OpenAiDouble.start({ apiKey: key });
    fresh.reply({ text: 'warm' });
    const warmLlm = llm({ baseUrl: fresh.baseUrl });
    await expectPrewarmedConnection(
      fresh.http,
      () => warmLlm.prewarm(),
      () => collectChat(warmLlm, user),
    );
    await fresh.close();
  });

  it('can send the token cap as max_completion_tokens (OpenAI API)', async () => {
    await collectChat(llm({ maxTokensField: 'max_completion_tokens' }), { ...user, maxTokens: 20 });
    expect(double.bodies.at(-1)).toMatchObject({ max_completion_tokens: 20 });
    expect(double.bodies.at(-1)).not.toHaveProperty('max_tokens');
  });

  it('honours a base URL with a trailing slash and sends no Authorization without a key', async () => {
    await collectChat(llm({ baseUrl: `${double.baseUrl}/`, apiKey: undefined }), user).catch(() => undefined);
    expect(double.http.lastRequest!.path).toBe('/v1/chat/completions');
    expect(double.http.lastRequest!.headers.authorization).toBeUndefined();
  });

  it('fails with a retryable error when the stream breaks before it completes', async () => {
    const broken = await OpenAiDouble.start({ apiKey: key, dropAfterEvents: 2 });
    broken.reply({ text: 'one two three four five six seven eight nine' });
    const err = await collectChat(llm({ baseUrl: broken.baseUrl }), user).catch((e: unknown) => e);
    await broken.close();
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ retryable: true, provider: 'openai' });
  });

  it('times out on the injected clock when the server does not answer', async () => {
    const slow = await OpenAiDouble.start({ apiKey: key, ttftMs: 60_000 });
    const clock = new ManualClock();
    const pending = collectChat(llm({ baseUrl: slow.baseUrl, clock, timeoutMs: 5000 }), user).catch(
      (e: unknown) => e,
    );
    while (slow.http.requests.length === 0) await new Promise((r) => setTimeout(r, 2));
    clock.advance(5000);
    const err = await pending;
    await slow.close();
    expect(err).toMatchObject({ retryable: true, message: expect.stringContaining('5000 ms') });
  });

  it('reports connection failures as retryable', async () => {
    const gone = await OpenAiDouble.start();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const err = await collectChat(llm({ baseUrl }), user).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, message: expect.stringContaining('request failed') });
  });
});

describe('OpenAiCompatibleLlm with servers that bend the protocol', () => {
  const raw = async (lines: string[]) => {
    const http = await HttpDouble.start((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(lines.map((l) => `data: ${l}\n\n`).join(''));
    });
    const llm = new OpenAiCompatibleLlm({
      provider: 'ollama',
      baseUrl: http.url,
      apiKey: undefined,
      clock: systemClock,
    });
    try {
      return await collectChat(llm, user);
    } finally {
      await http.close();
    }
  };

  it('accepts tool calls without ids and a "stop" finish (Ollama) as tool_calls', async () => {
    const chunks = await raw([
      JSON.stringify({
        choices: [
          { index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'end_call', arguments: '' } }] } },
        ],
      }),
      JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      '[DONE]',
    ]);
    expect(chunks[0]).toMatchObject({ type: 'tool_call', call: { name: 'end_call', arguments: '{}' } });
    expect((chunks[0] as { call: { id: string } }).call.id).toMatch(/^call_0_/);
    expect(chunks.at(-1)).toEqual({ type: 'done', finishReason: 'tool_calls' });
  });

  it('reads usage from x_groq (Groq)', async () => {
    const chunks = await raw([
      JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hi' } }] }),
      JSON.stringify({
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        x_groq: { usage: { prompt_tokens: 7, completion_tokens: 1 } },
      }),
      '[DONE]',
    ]);
    expect(chunks).toEqual([
      { type: 'text', text: 'Hi' },
      { type: 'usage', inputTokens: 7, outputTokens: 1 },
      { type: 'done', finishReason: 'stop' },
    ]);
  });

  it('turns an error object inside the stream into a ProviderError', async () => {
    await expect(raw([JSON.stringify({ error: { message: 'model overloaded' } })])).rejects.toThrow(
      'model overloaded',
    );
  });
});
