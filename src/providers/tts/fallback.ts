import { failover, type OnFailover } from '../failover.ts';
import type { Tts, TtsCapabilities, TtsChunk, TtsRequest } from './tts.ts';

/** One link of a fallback chain; a different vendor needs its own voice (and model). */
export interface TtsFallbackEntry {
  tts: Tts;
  voice?: string;
  model?: string;
}

export interface FallbackTtsOptions {
  onFailover?: OnFailover;
}

/** Tries providers in order (see `failover`): the next one takes over on a retryable error before audio. */
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

  /** Only the first provider: the others are asked only when it fails. */
  prewarm(): void {
    this.entries[0]!.tts.prewarm?.();
  }

  synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk> {
    return failover(
      this.entries,
      ({ tts, voice, model }) =>
        tts.synthesize({ ...req, ...(voice ? { voice } : {}), ...(model ? { model } : {}) }, signal),
      (e) => e.tts.provider,
      signal,
      this.opts.onFailover,
    );
  }
}
