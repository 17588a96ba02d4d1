/** A frame-level voice-activity model: one shared instance, one stream (with its own state) per call. */
export interface VadModel {
  readonly name: string;
  /** Rates the model runs at natively; audio at other rates is resampled before it. */
  readonly sampleRates: readonly number[];
  createStream(sampleRate: number): VadStream;
}

/** Per-call model state. `probability` takes exactly `windowSamples` samples in [-1, 1). */
export interface VadStream {
  readonly windowSamples: number;
  probability(window: Float32Array): Promise<number>;
  reset(): void;
}
