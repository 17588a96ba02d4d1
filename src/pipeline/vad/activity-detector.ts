import type { VadStream } from './vad-model.ts';

/** Hysteresis of speech detection; times in ms. */
export interface VadParams {
  /** A window at or above this probability starts speech. */
  activation: number;
  /** While speaking, a window below this counts as silence. */
  deactivation: number;
  /** Silence that ends speech. */
  minSilenceMs: number;
}

export const defaultVadParams: VadParams = { activation: 0.5, deactivation: 0.35, minSilenceMs: 200 };

/** `atMs` of `start` is the onset (start of the first speech window); of `stop`, the end of the last one. */
export type VadEvent =
  | { type: 'start'; atMs: number }
  | { type: 'speaking'; atMs: number; speechMs: number }
  | { type: 'stop'; atMs: number; speechMs: number };

/**
 * Re-chunks PCM16 frames of any size into the model's windows and turns window probabilities into
 * speech start/stop events with hysteresis. One per call; frames must be pushed in order.
 */
export class VoiceActivityDetector {
  private readonly window: Float32Array;
  private fill = 0;
  private readonly windowMs: number;
  private speaking = false;
  private onsetMs = 0;
  private lastSpeechMs = 0;
  /** Latest window probability (for diagnostics and tests). */
  lastProbability = 0;

  constructor(
    private readonly stream: VadStream,
    private readonly sampleRate: number,
    private readonly params: VadParams = defaultVadParams,
  ) {
    this.window = new Float32Array(stream.windowSamples);
    this.windowMs = (stream.windowSamples * 1000) / sampleRate;
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** Feed one frame whose last sample arrived at `ptsMs`; events go to `emit` in time order. */
  async push(pcm: Int16Array, ptsMs: number, emit: (e: VadEvent) => void): Promise<void> {
    const n = pcm.length;
    const size = this.window.length;
    for (let i = 0; i < n; i++) {
      this.window[this.fill++] = pcm[i]! / 32768;
      if (this.fill < size) continue;
      this.fill = 0;
      const endMs = ptsMs - ((n - 1 - i) * 1000) / this.sampleRate;
      const p = await this.stream.probability(this.window);
      this.lastProbability = p;
      this.update(p, endMs, emit);
    }
  }

  private update(p: number, endMs: number, emit: (e: VadEvent) => void): void {
    if (!this.speaking) {
      if (p < this.params.activation) return;
      this.speaking = true;
      this.onsetMs = endMs - this.windowMs;
      this.lastSpeechMs = endMs;
      emit({ type: 'start', atMs: this.onsetMs });
      emit({ type: 'speaking', atMs: endMs, speechMs: endMs - this.onsetMs });
      return;
    }
    if (p >= this.params.deactivation) {
      this.lastSpeechMs = endMs;
      emit({ type: 'speaking', atMs: endMs, speechMs: endMs - this.onsetMs });
      return;
    }
    if (endMs - this.lastSpeechMs >= this.params.minSilenceMs) {
      this.speaking = false;
      emit({ type: 'stop', atMs: this.lastSpeechMs, speechMs: this.lastSpeechMs - this.onsetMs });
    }
  }

  reset(): void {
    this.fill = 0;
    this.speaking = false;
    this.stream.reset();
  }
}
