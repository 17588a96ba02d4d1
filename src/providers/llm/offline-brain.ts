import { type Clock, systemClock } from '../../lib/clock.ts';
import { delay } from '../delay.ts';
import { chunkWords } from './fake-llm.ts';
import type { Llm, LlmCapabilities, LlmChunk, LlmRequest } from './llm.ts';
import { decideOffline } from './offline-brain-rules.ts';

export interface OfflineBrainOptions {
  clock?: Clock;
  /** Pause between streamed chunks, ms (0 = as fast as the consumer reads). */
  chunkDelayMs?: number;
  wordsPerChunk?: number;
}

const countWords = (s: string) => (s.match(/\S+/g) ?? []).length;

/** The keyless demo Llm (provider `offline`): rule-based, deterministic, streams its reply in small chunks. */
export class OfflineBrain implements Llm {
  readonly provider = 'offline';
  readonly capabilities: LlmCapabilities = { streaming: true, tools: true };
  private readonly clock: Clock;

  constructor(private readonly opts: OfflineBrainOptions = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  async *chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    const decision = decideOffline(req);
    const chunks = chunkWords(decision.text, this.opts.wordsPerChunk ?? 3);
    for (const [i, text] of chunks.entries()) {
      if (i > 0) await delay(this.clock, this.opts.chunkDelayMs ?? 0, signal);
      if (signal.aborted) return;
      yield { type: 'text', text };
    }
    if (signal.aborted) return;
    for (const call of decision.toolCalls) yield { type: 'tool_call', call };
    yield {
      type: 'usage',
      inputTokens: req.messages.reduce((n, m) => n + countWords(m.content), 0),
      outputTokens: countWords(decision.text),
    };
    yield { type: 'done', finishReason: decision.toolCalls.length ? 'tool_calls' : 'stop' };
  }
}
