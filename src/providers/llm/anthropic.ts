import type { Clock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { parseSse, safeJson } from '../sse.ts';
import { joinUrl, vendorPost } from '../vendor-http.ts';
import { warmConnection } from '../vendor-pool.ts';
import { anthropicBody, anthropicErrorStatus, anthropicEventSchema } from './anthropic-format.ts';
import type { Llm, LlmCapabilities, LlmChunk, LlmRequest } from './llm.ts';

export interface AnthropicLlmOptions {
  /** Without the version segment, e.g. https://api.anthropic.com. */
  baseUrl: string;
  apiKey: string;
  clock: Clock;
  timeoutMs?: number;
  /** `max_tokens` is required by the API; used when the request has none. */
  defaultMaxTokens?: number;
  fetch?: typeof fetch;
}

type FinishReason = Extract<LlmChunk, { type: 'done' }>['finishReason'];
const finishOf: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
};

/** Anthropic Messages API over SSE: text deltas, tool_use blocks assembled from input_json_delta. */
export class AnthropicLlm implements Llm {
  readonly provider = 'anthropic';
  readonly capabilities: LlmCapabilities = { streaming: true, tools: true };

  constructor(private readonly opts: AnthropicLlmOptions) {}

  prewarm(): void {
    if (!this.opts.fetch) warmConnection(this.opts.baseUrl);
  }

  async *chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    const p = this.provider;
    const res = await vendorPost({
      provider: p,
      url: joinUrl(this.opts.baseUrl, 'v1/messages'),
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'x-api-key': this.opts.apiKey,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify(anthropicBody(req, this.opts.defaultMaxTokens ?? 1024)),
      signal,
      clock: this.opts.clock,
      timeoutMs: this.opts.timeoutMs ?? 20_000,
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
    });
    if (!res) return;
    const tools = new Map<number, { id: string; name: string; json: string }>();
    let inputTokens = 0;
    let outputTokens = 0;
    let stop: string | undefined;
    for await (const ev of parseSse(res.chunks())) {
      if (signal.aborted) return;
      const parsed = anthropicEventSchema.safeParse(safeJson(ev.data));
      if (!parsed.success) continue; // Unknown event types may be added (versioning policy): skip them.
      const e = parsed.data;
      switch (e.type) {
        case 'message_start':
          inputTokens = e.message.usage.input_tokens;
          outputTokens = e.message.usage.output_tokens ?? 0;
          break;
        case 'content_block_start':
          if (e.content_block.type === 'tool_use') {
            tools.set(e.index, { id: e.content_block.id ?? '', name: e.content_block.name ?? '', json: '' });
          }
          break;
        case 'content_block_delta':
          if (e.delta.type === 'text_delta' && e.delta.text) yield { type: 'text', text: e.delta.text };
          else if (e.delta.type === 'input_json_delta') {
            const t = tools.get(e.index);
            if (t) t.json += e.delta.partial_json ?? '';
          }
          break;
        case 'content_block_stop': {
          const t = tools.get(e.index);
          if (t) {
            tools.delete(e.index);
            yield { type: 'tool_call', call: { id: t.id, name: t.name, arguments: t.json.trim() || '{}' } };
          }
          break;
        }
        case 'message_delta':
          stop = e.delta.stop_reason ?? stop;
          if (e.usage) outputTokens = e.usage.output_tokens;
          if (e.usage?.input_tokens) inputTokens = e.usage.input_tokens;
          break;
        case 'message_stop':
          yield { type: 'usage', inputTokens, outputTokens };
          yield { type: 'done', finishReason: (stop && finishOf[stop]) || 'other' };
          return;
        case 'error':
          throw new ProviderError(p, `${p} stream error (${e.error.type}): ${e.error.message}`, {
            statusCode: anthropicErrorStatus[e.error.type] ?? 500,
          });
      }
    }
    if (signal.aborted) return;
    throw new ProviderError(p, `${p} stream ended before message_stop`, { retryable: true });
  }
}
