import { ProviderError } from '../errors.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

/** One link of a fallback chain; a different vendor needs its own voice (and model). */
export interface TtsFallbackEntry {
  tts: Tts;
  voice?: string;
  model?: string;
}

export interface FallbackTtsOptions {
  onFailover?: (failed: string, next: string, error: ProviderError) => void;
}

/**
 * Tries providers in order: a retryable ProviderError before any audio was produced moves on to the
 * next one; once audio has started, or on a non-retryable error, the error is the caller's.
 */
export class FallbackTts implements Tts {
  readonly provider: string;
  readonly capabilities: TtsCapabilities;

  constructor(
    private readonly entries: TtsFallbackEntry[],
    private readonly opts: FallbackTtsOptions = {},
  ) {
    if (entries.length === 0) throw new Error('FallbackTts needs at least one provider');
    this.provider = entries[0]!.tts.provider;
    this.capabilities = {
      streaming: entries.every((e) => e.tts.capabilities.streaming),
      sampleRates: entries[0]!.tts.capabilities.sampleRates,
    };
  }

  async *synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    for (let i = 0; i < this.entries.length; i++) {
      const { tts, voice, model } = this.entries[i]!;
      const own = { ...req, ...(voice ? { voice } : {}), ...(model ? { model } : {}) };
      let produced = false;
      try {
        for await (const chunk of tts.synthesize(own, signal)) {
          produced = true;
          yield chunk;
        }
        return;
      } catch (e) {
        const next = this.entries[i + 1];
        if (produced || !next || signal.aborted || !(e instanceof ProviderError) || !e.retryable) throw e;
        this.opts.onFailover?.(tts.provider, next.tts.provider, e);
      }
    }
  }
}
