import { type Clock, systemClock } from '../../lib/clock.ts';
import { delay } from '../delay.ts';
import { ProviderError } from '../errors.ts';
import type { Llm, LlmCapabilities, LlmChunk, LlmRequest, LlmToolCall } from './llm.ts';

/** One scripted reply, shared by the fake and the vendor protocol doubles. */
export interface ScriptedLlmReply {
  /** Text as delivered: an array is sent chunk by chunk; a string is split into `wordsPerChunk`-word chunks. */
  text?: string | string[];
  toolCalls?: LlmToolCall[];
  usage?: { inputTokens: number; outputTokens: number };
  finishReason?: 'stop' | 'tool_calls' | 'length' | 'other';
}

/** A fake reply may also fail: before any output, or after `failAfterChunks` chunks. */
export interface FakeLlmReply extends ScriptedLlmReply {
  error?: ProviderError;
  failAfterChunks?: number;
}

export interface FakeLlmOptions {
  provider?: string;
  clock?: Clock;
  /** Delay before the first chunk, ms. */
  ttftMs?: number;
  /** Delay between chunks, ms. */
  chunkIntervalMs?: number;
  wordsPerChunk?: number;
  /** Replies consumed in order, or a function of the request (never runs out). */
  replies?: FakeLlmReply[] | ((req: LlmRequest, turn: number) => FakeLlmReply);
  capabilities?: LlmCapabilities;
}

/** Split text into chunks of `n` words, keeping the spaces so the chunks join back to the text. */
export function chunkWords(text: string, n: number): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += n) out.push(words.slice(i, i + n).join(''));
  if (out.length > 0 && /^\s+/.test(text)) out[0] = text.match(/^\s+/)![0] + out[0];
  return out;
}

/** Text chunks of a scripted reply. */
export function scriptedTextChunks(reply: ScriptedLlmReply, wordsPerChunk: number): string[] {
  if (reply.text === undefined) return [];
  return typeof reply.text === 'string' ? chunkWords(reply.text, wordsPerChunk) : reply.text;
}

const countWords = (s: string) => (s.match(/\S+/g) ?? []).length;

/** A scripted Llm for engine tests and the benchmark: fixed latencies on an injected Clock, recorded requests. */
export class FakeLlm implements Llm {
  readonly provider: string;
  readonly capabilities: LlmCapabilities;
  readonly requests: LlmRequest[] = [];
  /** How many times the engine asked for the connection ahead of a request. */
  prewarms = 0;
  private readonly clock: Clock;
  private readonly queue: FakeLlmReply[] = [];
  private readonly replyFn: ((req: LlmRequest, turn: number) => FakeLlmReply) | undefined;

  constructor(private readonly opts: FakeLlmOptions = {}) {
    this.provider = opts.provider ?? 'fake';
    this.capabilities = opts.capabilities ?? { streaming: true, tools: true };
    this.clock = opts.clock ?? systemClock;
    if (typeof opts.replies === 'function') this.replyFn = opts.replies;
    else this.queue.push(...(opts.replies ?? []));
  }

  /** Add replies to the end of the script. */
  enqueue(...replies: FakeLlmReply[]): void {
    this.queue.push(...replies);
  }

  prewarm(): void {
    this.prewarms++;
  }

  async *chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    if (signal.aborted) return;
    const turn = this.requests.length;
    this.requests.push(structuredClone(req));
    const reply = this.replyFn ? this.replyFn(req, turn) : this.queue.shift();
    if (!reply)
      throw new ProviderError(this.provider, 'FakeLlm has no scripted reply left', { retryable: false });
    const chunks: LlmChunk[] = scriptedTextChunks(reply, this.opts.wordsPerChunk ?? 3).map((text) => ({
      type: 'text' as const,
      text,
    }));
    for (const call of reply.toolCalls ?? []) chunks.push({ type: 'tool_call', call: { ...call } });
    const outputText = chunks.map((c) => (c.type === 'text' ? c.text : '')).join('');
    const usage = reply.usage ?? {
      inputTokens: req.messages.reduce((n, m) => n + countWords(m.content), 0),
      outputTokens: countWords(outputText),
    };
    chunks.push({ type: 'usage', ...usage });
    chunks.push({
      type: 'done',
      finishReason: reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop'),
    });
    await delay(this.clock, this.opts.ttftMs ?? 0, signal);
    for (let i = 0; i < chunks.length; i++) {
      if (signal.aborted) return;
      if (reply.error && i === (reply.failAfterChunks ?? 0)) throw reply.error;
      if (i > 0 && chunks[i]!.type === 'text')
        await delay(this.clock, this.opts.chunkIntervalMs ?? 0, signal);
      if (signal.aborted) return;
      yield chunks[i]!;
    }
  }
}
