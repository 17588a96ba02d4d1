export interface TtsCapabilities {
  /** Audio chunks arrive before synthesis of the whole text finishes. */
  streaming: boolean;
  /** Output rates the provider can produce natively (the engine resamples otherwise). */
  sampleRates: readonly number[];
}

export interface TtsRequest {
  text: string;
  /** The provider's own voice id (not Parley's `vc_…`). */
  voice: string;
  model?: string;
  /** Wanted output rate; the adapter returns the nearest it supports and says which. */
  sampleRate: number;
  speed?: number;
  stability?: number;
  language?: string;
}

/** A piece of synthesised audio: PCM16 mono. */
export interface TtsChunk {
  pcm: Int16Array;
  sampleRate: number;
}

/** A text-to-speech provider; throws ProviderError on failure and stops on abort. */
export interface Tts {
  readonly provider: string;
  readonly capabilities: TtsCapabilities;
  synthesize(req: TtsRequest, signal: AbortSignal): AsyncIterable<TtsChunk>;
  /** Open a connection to the vendor ahead of the next `synthesize`; sends no request, never throws. */
  prewarm?(): void;
}
