import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/errors.ts';
import { createSimHarness, type SimHarness } from '../support/sim-calls.ts';

let h: SimHarness;
let server: http.Server;
let base = '';
const requests: { method: string; url: string }[] = [];

beforeAll(async () => {
  h = await createSimHarness();
  server = http.createServer((req, res) => {
    requests.push({ method: req.method!, url: req.url! });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ order: '42', status: 'shipped' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await h?.close();
});

async function tool(body: Record<string, unknown>): Promise<string> {
  const r = await h.json('POST', '/v1/tools', { body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

describe('tools and failures on sim calls', { timeout: 20_000 }, () => {
  it('end_call: the agent says goodbye and hangs up (agent_hangup)', async () => {
    const endCall = await tool({ type: 'end_call', name: 'end_call' });
    const { model } = h.scriptLlm([
      { text: 'Glad I could help. Goodbye!', toolCalls: [{ id: 'c1', name: 'end_call', arguments: '{}' }] },
    ]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model, tool_ids: [endCall] });
    const { id } = await h.place(agent, {
      script: [{ say: 'That is all, thank you.' }, { silence_ms: 20_000 }],
    });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'completed', end_reason: 'agent_hangup' });
    const bye = call.messages.find((m: { content: string }) => m.content === 'Glad I could help. Goodbye!');
    expect(bye.interrupted).toBeUndefined();
    expect(call.messages.find((m: { role: string }) => m.role === 'tool')).toMatchObject({
      name: 'end_call',
    });
    // The goodbye was heard in full before the line closed.
    const hangup = h.line(id).at(-1)!;
    expect(hangup).toMatchObject({ type: 'hangup', by: 'agent', reason: 'agent_hangup' });
    expect(hangup.type === 'hangup' && hangup.atMs).toBeGreaterThanOrEqual(bye.end_ms);
  });

  it('api_call with speak_during_execution: filler, a real HTTP request, then the answer', async () => {
    const lookup = await tool({
      type: 'api_call',
      name: 'check_order',
      description: 'Look up an order',
      url: `${base}/orders/{{order_id}}`,
      method: 'GET',
      parameters: [{ name: 'order_id', type: 'string', required: true, description: 'order number' }],
      speak_during_execution: true,
    });
    const { model, llm } = h.scriptLlm([
      { toolCalls: [{ id: 't1', name: 'check_order', arguments: '{"order_id":"42"}' }] },
      { text: 'Your order 42 has shipped.' },
    ]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model, tool_ids: [lookup] });
    const { id } = await h.place(agent, {
      script: [{ say: 'Where is my order forty two?' }, { silence_ms: 6000 }, { hangup: true }],
    });
    const call = await h.finished(id);
    expect(requests).toContainEqual({ method: 'GET', url: '/orders/42' });
    const toolMsg = call.messages.find((m: { role: string }) => m.role === 'tool');
    expect(toolMsg).toMatchObject({
      name: 'check_order',
      arguments: { order_id: '42' },
      result: { status: 200, body: { order: '42', status: 'shipped' } },
    });
    const spoken = call.messages
      .filter((m: { role: string }) => m.role === 'assistant')
      .map((m: { content: string }) => m.content)
      .join(' ');
    expect(spoken).toMatch(/One moment, please\.\s+Your order 42 has shipped\./);
    // The tool result went back to the model for its second round.
    expect(llm.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', name: 'check_order' });
    expect(call.latency.events.some((e: { type: string }) => e.type === 'tool:check_order')).toBe(true);
  });

  it('an LLM failure mid-call ends the call failed with provider_error and a clear message', async () => {
    const { model } = h.scriptLlm([
      {
        error: new ProviderError('openai', 'HTTP 500 from the model server', {
          statusCode: 500,
          retryable: true,
        }),
      },
    ]);
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model });
    const { id } = await h.place(agent, {
      script: [{ say: 'Hello, anyone there?' }, { silence_ms: 20_000 }],
    });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'failed', end_reason: 'provider_error' });
    expect(call.error_message).toMatch(/LLM provider openai failed: HTTP 500 from the model server/);
    expect(call.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user']);
  });

  it('a model whose provider has no key fails the call before it rings (provider_error naming the variable)', async () => {
    const agent = await h.agent({}, { provider: 'anthropic', model: 'claude-3-5-haiku-latest' });
    const created = await h.place(agent, {});
    const call = await h.finished(created.id);
    expect(call).toMatchObject({ status: 'failed', end_reason: 'provider_error', duration_seconds: 0 });
    expect(call.error_message).toMatch(
      /LLM provider unavailable: No API key for anthropic: set ANTHROPIC_API_KEY/,
    );
    expect(h.line(created.id).some((e) => e.type === 'ringing')).toBe(false);
  });

  it('the reply timeout ends a call whose LLM never answers', async () => {
    const { model } = h.scriptLlm([{ text: 'Too late.' }], { ttftMs: 120_000 });
    const agent = await h.agent({ first_message: 'Hi.' }, { provider: 'openai', model });
    const { id } = await h.place(agent, { script: [{ say: 'Hello?' }, { silence_ms: 60_000 }] });
    const call = await h.finished(id);
    expect(call).toMatchObject({ status: 'failed', end_reason: 'provider_error' });
    expect(call.error_message).toMatch(/reply timeout/);
  });
});
