/** A frame-level voice-activity model: one shared instance, one stream (with its own state) per call. */
export interface VadModel {
  readonly name: string;
  /** Rates the model runs at natively; audio at other rates is resampled before it. */
  readonly sampleRates: readonly number[];
  createStream(sampleRate: number): VadStream;
}

/** Where a stream answers a window: one object per caller, reused, so a window allocates nothing. */
export interface VadListener {
  scored(probability: number): void;
  failed(error: unknown): void;
}

/** Per-call model state. */
export interface VadStream {
  readonly windowSamples: number;
  /**
   * Score exactly `windowSamples` samples in [-1, 1); the answer goes to `to` later, never during
   * this call. One window at a time: another before the answer throws.
   */
  score(window: Float32Array, to: VadListener): void;
  reset(): void;
}

/** One window's probability as a promise (tests, one-off use). */
export function probabilityOf(stream: VadStream, window: Float32Array): Promise<number> {
  return new Promise((resolve, reject) => stream.score(window, { scored: resolve, failed: reject }));
}
