import { ProviderError } from '../errors.ts';
import type { Llm, LlmCapabilities, LlmChunk, LlmRequest } from './llm.ts';

/** One link of a fallback chain; `model` replaces the request's model for this provider. */
export interface LlmFallbackEntry {
  llm: Llm;
  model?: string;
}

export interface FallbackLlmOptions {
  /** Told when a provider failed and the next one takes over. */
  onFailover?: (failed: string, next: string, error: ProviderError) => void;
}

/**
 * Tries providers in order: a retryable ProviderError before any chunk was produced moves on to the
 * next one; after output has started, or on a non-retryable error, the error is the caller's.
 */
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

  async *chat(req: LlmRequest, signal: AbortSignal): AsyncIterable<LlmChunk> {
    for (let i = 0; i < this.entries.length; i++) {
      const { llm, model } = this.entries[i]!;
      let produced = false;
      try {
        for await (const chunk of llm.chat(model ? { ...req, model } : req, signal)) {
          produced = true;
          yield chunk;
        }
        return;
      } catch (e) {
        const next = this.entries[i + 1];
        if (produced || !next || signal.aborted || !(e instanceof ProviderError) || !e.retryable) throw e;
        this.opts.onFailover?.(llm.provider, next.llm.provider, e);
      }
    }
  }
}
