import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { expectPrewarmedConnection } from '../testing/prewarm-check.ts';
import { AnthropicLlm } from './anthropic.ts';
import { collectChat, describeLlmContract } from './llm.contract.ts';
import { AnthropicDouble } from './testing/anthropic-double.ts';

const apiKey = 'sk-ant-test';

describeLlmContract('AnthropicLlm', async () => {
  const double = await AnthropicDouble.start({ apiKey });
  return {
    llm: new AnthropicLlm({ baseUrl: double.baseUrl, apiKey, clock: systemClock }),
    model: 'claude-haiku-4-5',
    script: (r) => double.reply(r),
    fail: (status) => double.fail(status),
    close: () => double.close(),
  };
});

describe('AnthropicLlm connections', () => {
  it('opens its connection ahead of the next chat when prewarmed, sending nothing', async () => {
    const fresh = await AnthropicDouble.start({ apiKey });
    fresh.reply({ text: 'warm' });
    const llm = new AnthropicLlm({ baseUrl: fresh.baseUrl, apiKey, clock: systemClock });
    const req = { model: 'claude-haiku-4-5', messages: [{ role: 'user' as const, content: 'Hi' }] };
    await expectPrewarmedConnection(
      fresh.http,
      () => llm.prewarm(),
      () => collectChat(llm, req),
    );
    await fresh.close();
  });
});

describe('AnthropicLlm wire format', () => {
  let double: AnthropicDouble;
  beforeAll(async () => {
    double = await AnthropicDouble.start({ apiKey });
  });
  afterAll(() => double.close());

  it('sends x-api-key, the API version, top-level system, tools with input_schema and tool_result blocks', async () => {
    const llm = new AnthropicLlm({ baseUrl: double.baseUrl, apiKey, clock: systemClock });
    await collectChat(llm, {
      model: 'claude-haiku-4-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'assistant', content: 'Hello, Acme here.' },
        { role: 'user', content: 'Hours?' },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [{ id: 'toolu_1', name: 'kb', arguments: '{"q":"hours"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', name: 'kb', content: '9 to 5' },
      ],
      tools: [{ name: 'kb', description: 'Search', parameters: { properties: { q: { type: 'string' } } } }],
      temperature: 1.5,
    });
    const req = double.http.lastRequest!;
    expect(req.headers['x-api-key']).toBe(apiKey);
    expect(req.headers['anthropic-version']).toBe('2023-06-01');
    expect(double.bodies.at(-1)).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      stream: true,
      system: 'Be brief.',
      temperature: 1,
      tools: [
        {
          name: 'kb',
          description: 'Search',
          input_schema: { type: 'object', properties: { q: { type: 'string' } } },
        },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: '(call connected)' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello, Acme here.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Hours?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'kb', input: { q: 'hours' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '9 to 5' }] },
      ],
    });
  });

  it('merges parallel tool results into one user turn', async () => {
    const llm = new AnthropicLlm({ baseUrl: double.baseUrl, apiKey, clock: systemClock });
    await collectChat(llm, {
      model: 'claude-haiku-4-5',
      messages: [
        { role: 'user', content: 'Do both.' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'a', name: 'x', arguments: '{}' },
            { id: 'b', name: 'y', arguments: '' },
          ],
        },
        { role: 'tool', toolCallId: 'a', name: 'x', content: '1' },
        { role: 'tool', toolCallId: 'b', name: 'y', content: '2' },
      ],
    });
    expect(double.bodies.at(-1)!.messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'a', content: '1' },
        { type: 'tool_result', tool_use_id: 'b', content: '2' },
      ],
    });
  });

  it('turns an overloaded_error event into a retryable ProviderError', async () => {
    const overloaded = await AnthropicDouble.start({ apiKey, streamError: 'overloaded_error' });
    const llm = new AnthropicLlm({ baseUrl: overloaded.baseUrl, apiKey, clock: systemClock });
    const err = await collectChat(llm, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch(
      (e) => e,
    );
    await overloaded.close();
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ retryable: true, statusCode: 529 });
  });
});
