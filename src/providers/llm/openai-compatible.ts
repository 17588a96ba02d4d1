import type { Clock } from '../../lib/clock.ts';
import { ProviderError } from '../errors.ts';
import { parseSse, safeJson } from '../sse.ts';
import { joinUrl, vendorPost } from '../vendor-http.ts';
import { warmConnection } from '../vendor-pool.ts';
import type { Llm, LlmCapabilities, LlmChunk, LlmRequest, LlmToolCall } from './llm.ts';
import {
  type MaxTokensField,
  type OpenAiChunk,
  openAiChatBody,
  openAiChunkSchema,
} from './openai-chat-format.ts';

export interface OpenAiCompatibleLlmOptions {
  /** Name reported in errors and latency records: openai, groq, ollama, vllm… */
  provider: string;
  /** Up to and including the version segment, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  /** Sent as a Bearer token; on-prem servers may need none. */
  apiKey: string | undefined;
  clock: Clock;
  /** Max wait for the response and for each streamed chunk. */
  timeoutMs?: number;
  /** Default `max_tokens` (what compatible servers read). */
  maxTokensField?: MaxTokensField;
  fetch?: typeof fetch;
}

type FinishReason = Extract<LlmChunk, { type: 'done' }>['finishReason'];

function mapFinish(reason: string | undefined, sawToolCalls: boolean): FinishReason {
  if (reason === 'tool_calls' || reason === 'function_call' || (sawToolCalls && reason !== 'length')) {
    return 'tool_calls';
  }
  if (reason === 'stop') return 'stop';
  if (reason === 'length') return 'length';
  return 'other';
}

/** Assembles `tool_calls` deltas by index: id and name arrive first, arguments in fragments. */
class ToolCallAssembler {
  private calls = new Map<number, { id: string; name: string; arguments: string }>();
  add(delta: NonNullable<NonNullable<OpenAiChunk['choices'][number]['delta']>['tool_calls']>[number]) {
    const cur = this.calls.get(delta.index) ?? { id: '', name: '', arguments: '' };
    if (delta.id) cur.id = delta.id;
    if (delta.function?.name) cur.name += delta.function.name;
    if (delta.function?.arguments) cur.arguments += delta.function.arguments;
    this.calls.set(delta.index, cur);
  }
  /** Complete calls in index order; clears the assembler. */
  drain(): LlmToolCall[] {
    const out = [...this.calls.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, c]) => ({
        id: c.id || `call_${i}_${Math.random().toString(36).slice(2, 10)}`,
        name: c.name,
        arguments: c.arguments.trim() === '' ? '{}' : c.arguments,
      }));
    this.calls.clear();
    return out;
  }
}

/** Chat completions over SSE for OpenAI and every server that speaks its protocol (Groq, Ollama, vLLM). */
export class OpenAiCompatibleLlm implements Llm {
  readonly provider: string;
  readonly capabilities: LlmCapabilities = { streaming: true, tools: true };

  constructor(private readonly opts: OpenAiCompatibleLlmOptions) {
    this.provider = opts.provider;
  }

  prewarm(): void {
    if (!this.opts.fetch) warmConnection(this.opts.baseUrl);
  }

  async *chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    const p = this.provider;
    const res = await vendorPost({
      provider: p,
      url: joinUrl(this.opts.baseUrl, 'chat/completions'),
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}),
      },
      body: JSON.stringify(openAiChatBody(req, this.opts.maxTokensField)),
      signal,
      clock: this.opts.clock,
      timeoutMs: this.opts.timeoutMs ?? 20_000,
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
    });
    if (!res) return;
    const tools = new ToolCallAssembler();
    let sawToolCalls = false;
    let finish: string | undefined;
    let usage: { inputTokens: number; outputTokens: number } | undefined;
    let sawDone = false;
    for await (const ev of parseSse(res.chunks())) {
      if (signal.aborted) return;
      if (ev.data === '[DONE]') {
        sawDone = true;
        break;
      }
      const parsed = openAiChunkSchema.safeParse(safeJson(ev.data));
      if (!parsed.success)
        throw new ProviderError(p, `${p} sent an unreadable stream chunk`, { retryable: true });
      const chunk = parsed.data;
      if (chunk.error)
        throw new ProviderError(p, `${p} stream error: ${chunk.error.message}`, { retryable: true });
      const u = chunk.usage ?? chunk.x_groq?.usage;
      if (u) usage = { inputTokens: u.prompt_tokens, outputTokens: u.completion_tokens };
      for (const choice of chunk.choices) {
        if ((choice.index ?? 0) !== 0) continue;
        const content = choice.delta?.content;
        if (content) yield { type: 'text', text: content };
        for (const d of choice.delta?.tool_calls ?? []) {
          sawToolCalls = true;
          tools.add(d);
        }
        if (choice.finish_reason) {
          finish = choice.finish_reason;
          for (const call of tools.drain()) yield { type: 'tool_call', call };
        }
      }
    }
    if (signal.aborted) return;
    if (!sawDone && finish === undefined) {
      throw new ProviderError(p, `${p} stream ended before the reply was complete`, { retryable: true });
    }
    for (const call of tools.drain()) yield { type: 'tool_call', call };
    if (usage) yield { type: 'usage', ...usage };
    yield { type: 'done', finishReason: mapFinish(finish, sawToolCalls) };
  }
}
