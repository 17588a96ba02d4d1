import { failover, type OnFailover } from '../failover.ts';
import type { Llm, LlmCapabilities, LlmChunk, LlmRequest } from './llm.ts';

/** One link of a fallback chain; `model` replaces the request's model for this provider. */
export interface LlmFallbackEntry {
  llm: Llm;
  model?: string;
}

export interface FallbackLlmOptions {
  /** Told when a provider failed and the next one takes over. */
  onFailover?: OnFailover;
}

/** Tries providers in order (see `failover`): the next one takes over on a retryable error before output. */
export class FallbackLlm implements Llm {
  readonly provider: string;
  readonly capabilities: LlmCapabilities;

  constructor(
    private readonly entries: LlmFallbackEntry[],
    private readonly opts: FallbackLlmOptions = {},
  ) {
    if (entries.length === 0) throw new Error('FallbackLlm needs at least one provider');
    this.provider = entries[0]!.llm.provider;
    this.capabilities = {
      streaming: entries.every((e) => e.llm.capabilities.streaming),
      tools: entries.every((e) => e.llm.capabilities.tools),
    };
  }

  /** Only the first provider: the others are asked only when it fails. */
  prewarm(): void {
    this.entries[0]!.llm.prewarm?.();
  }

  chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    return failover(
      this.entries,
      ({ llm, model }) => llm.chat(model ? { ...req, model } : req, signal),
      (e) => e.llm.provider,
      signal,
      this.opts.onFailover,
    );
  }
}
