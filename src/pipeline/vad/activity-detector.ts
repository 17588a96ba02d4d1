import type { VadListener, VadStream } from './vad-model.ts';

/** Hysteresis of speech detection; times in ms. */
export interface VadParams {
  /** A window at or above this probability starts speech. */
  activation: number;
  /** While speaking, a window below this counts as silence. */
  deactivation: number;
  /** Silence that ends speech. */
  minSilenceMs: number;
  /**
   * Windows quieter than this (RMS, dBFS), after the first 250 ms of such quiet, score 0 without
   * running the model, which restarts fresh at the next louder window; omit to run it on every window.
   */
  silenceFloorDbfs?: number | undefined;
}

/**
 * The model still scores the first 250 ms of a quiet stretch, so its state decays as if it ran
 * throughout and pauses inside speech score as before; only longer silence skips inference.
 */
const modelQuietMs = 250;

/** -60 dBFS and -30 dB as mean-square energy ratios (PCM16 units). */
const voicedFloor = (32768 * 10 ** (-60 / 20)) ** 2;
const voicedRelative = 10 ** (-30 / 10);
/** 10 dB as a mean-square energy ratio. */
const voiceOverFloor = 10;

export const defaultVadParams: VadParams = {
  activation: 0.5,
  deactivation: 0.35,
  minSilenceMs: 200,
  silenceFloorDbfs: -60,
};

/**
 * `atMs` of `start` is the onset (start of the first speech window); of `stop`, the end of the last
 * voiced 8 ms block of the last speech window (Silero's probability decays for a few windows after
 * the voice stops, so the window alone would date the end up to ~100 ms late).
 */
export type VadEvent =
  | { type: 'start'; atMs: number }
  | { type: 'speaking'; atMs: number; speechMs: number }
  | { type: 'stop'; atMs: number; speechMs: number };

/**
 * How far the detector has got through the caller's audio, for decisions that must not outrun it:
 * an endpoint timer that fires while windows are still waiting for the model would end the turn
 * before a start of speech it has not seen yet.
 */
export interface HeardAudio {
  /**
   * End (ms) of the latest 8 ms block loud enough to be the caller's voice (while speaking, a voiced
   * one; after a stop, one above -60 dBFS and 10 dB above the pause's quietest): known as audio
   * arrives, before the model's verdict.
   */
  readonly voicedUntilMs: number;
  /** The model's window (ms): a start is reported once the window after its onset has been scored. */
  readonly windowMs: number;
  /** Call `fn` once the window holding `atMs` has been scored and its events emitted; replaces an earlier wait. */
  whenHeardThrough(atMs: number, fn: () => void): void;
  cancelWait(): void;
}

/** Told when a frame whose push waited on the model is done, or that the model failed (its rest is dropped). */
export interface VadResume {
  resumed(): void;
  failed(error: unknown): void;
}

/**
 * Re-chunks PCM16 frames of any size into the model's windows and turns window probabilities into
 * speech start/stop events with hysteresis. One per call; frames must be pushed in order.
 */
export class VoiceActivityDetector implements HeardAudio {
  private readonly window: Float32Array;
  private fill = 0;
  readonly windowMs: number;
  private speaking = false;
  private onsetMs = 0;
  private lastSpeechMs = 0;
  private readonly blockSamples: number;
  private blockFill = 0;
  private blockEnergy = 0;
  /** Loudest block since the last stop: "voiced" is judged relative to it. */
  private peakEnergy = 0;
  private lastVoicedMs = 0;
  /** Quietest block since the last voiced one: the line's floor during a pause. */
  private quietest = Number.POSITIVE_INFINITY;
  /** After a stop, blocks 10 dB above the pause's floor (and above -60 dBFS) are the voice coming back. */
  private pauseFloor = 0;
  private lastVoiceLikeMs = 0;
  private windowEnergy = 0;
  /** Mean-square floor below which a window skips the model (0: never). */
  private readonly gateEnergy: number;
  /** Consecutive windows below the floor so far, and how many of them the model still scores. */
  private quietWindows = 0;
  private readonly modelQuietWindows: number;
  /** Latest window probability (for diagnostics and tests). */
  lastProbability = 0;
  /** End of the last window scored (ms): every event up to it has been emitted. */
  heardMs = Number.NEGATIVE_INFINITY;
  private waitMs = 0;
  private waiter: (() => void) | undefined;
  // The frame waiting on the model, in fields: no closure or promise per window.
  private waitingPcm: Int16Array | undefined;
  private waitingNext = 0;
  private waitingPtsMs = 0;
  private waitingEndMs = 0;
  private emitTo: (e: VadEvent) => void = () => {};
  private resume: VadResume | undefined;
  private readonly answers: VadListener = {
    scored: (p) => this.scored(p),
    failed: (e) => this.failed(e),
  };

  constructor(
    private readonly stream: VadStream,
    private readonly sampleRate: number,
    private readonly params: VadParams = defaultVadParams,
  ) {
    this.window = new Float32Array(stream.windowSamples);
    this.windowMs = (stream.windowSamples * 1000) / sampleRate;
    this.blockSamples = stream.windowSamples / 4;
    const floor = params.silenceFloorDbfs;
    this.gateEnergy = floor === undefined ? 0 : (32768 * 10 ** (floor / 20)) ** 2;
    this.modelQuietWindows = Math.ceil(modelQuietMs / this.windowMs);
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /**
   * Feed one frame whose last sample arrived at `ptsMs`; events go to `emit` in time order. True
   * while the model scores a window (frames between windows, and quiet ones, need none): the rest of
   * the frame follows the answer, then `resume` hears of it. No frame may be pushed meanwhile.
   */
  push(pcm: Int16Array, ptsMs: number, emit: (e: VadEvent) => void, resume: VadResume): boolean {
    if (this.waitingPcm) throw new Error('VoiceActivityDetector.push called while the model scores a window');
    this.emitTo = emit;
    this.resume = resume;
    return this.pushFrom(pcm, 0, ptsMs);
  }

  private pushFrom(pcm: Int16Array, from: number, ptsMs: number): boolean {
    const n = pcm.length;
    const size = this.window.length;
    for (let i = from; i < n; i++) {
      const s = pcm[i]!;
      this.window[this.fill++] = s / 32768;
      this.blockEnergy += s * s;
      if (++this.blockFill === this.blockSamples)
        this.endBlock(ptsMs - ((n - 1 - i) * 1000) / this.sampleRate);
      if (this.fill < size) continue;
      this.fill = 0;
      const endMs = ptsMs - ((n - 1 - i) * 1000) / this.sampleRate;
      const energy = this.windowEnergy / size;
      this.windowEnergy = 0;
      if (energy >= this.gateEnergy) {
        // After skipped windows the model's state is stale: it starts afresh, as at the start of a call.
        if (this.quietWindows > this.modelQuietWindows) this.stream.reset();
        this.quietWindows = 0;
      }
      if (this.quietWindows++ < this.modelQuietWindows) {
        this.waitingPcm = pcm;
        this.waitingNext = i + 1;
        this.waitingPtsMs = ptsMs;
        this.waitingEndMs = endMs;
        try {
          this.stream.score(this.window, this.answers);
        } catch (e) {
          this.waitingPcm = undefined;
          throw e;
        }
        return true;
      }
      this.score(0, endMs, this.emitTo);
    }
    return false;
  }

  /** The model's answer for the waiting window: score it, then go on with the rest of its frame. */
  private scored(p: number): void {
    const pcm = this.waitingPcm;
    if (!pcm) return;
    this.waitingPcm = undefined;
    this.score(p, this.waitingEndMs, this.emitTo);
    if (this.pushFrom(pcm, this.waitingNext, this.waitingPtsMs)) return;
    this.resume?.resumed();
  }

  private failed(error: unknown): void {
    this.waitingPcm = undefined;
    this.resume?.failed(error);
  }

  private score(p: number, endMs: number, emit: (e: VadEvent) => void): void {
    this.lastProbability = p;
    this.update(p, endMs, emit);
    this.heardMs = endMs;
    const fn = this.waiter;
    if (fn && endMs >= this.waitMs) {
      this.waiter = undefined;
      fn();
    }
  }

  get voicedUntilMs(): number {
    return this.lastVoiceLikeMs;
  }

  whenHeardThrough(atMs: number, fn: () => void): void {
    this.waitMs = atMs;
    if (this.heardMs >= atMs) {
      this.waiter = undefined;
      fn();
    } else this.waiter = fn;
  }

  cancelWait(): void {
    this.waiter = undefined;
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
      const voiced = this.lastVoicedMs;
      const endOfSpeech = voiced > this.onsetMs && voiced < this.lastSpeechMs ? voiced : this.lastSpeechMs;
      this.pauseFloor = this.quietest === Number.POSITIVE_INFINITY ? 0 : this.quietest;
      this.peakEnergy = 0;
      emit({ type: 'stop', atMs: endOfSpeech, speechMs: endOfSpeech - this.onsetMs });
    }
  }

  /** Mean-square energy of the block that ended at `endMs`: voiced when within 30 dB of the peak and above -60 dBFS. */
  private endBlock(endMs: number): void {
    const energy = this.blockEnergy / this.blockSamples;
    this.windowEnergy += this.blockEnergy;
    this.blockEnergy = 0;
    this.blockFill = 0;
    if (energy > this.peakEnergy) this.peakEnergy = energy;
    const voiced = energy >= voicedFloor && energy >= this.peakEnergy * voicedRelative;
    if (voiced) {
      this.lastVoicedMs = endMs;
      this.quietest = Number.POSITIVE_INFINITY;
    } else if (energy < this.quietest) this.quietest = energy;
    const voiceLike = this.speaking
      ? voiced
      : energy >= voicedFloor && energy >= this.pauseFloor * voiceOverFloor;
    if (voiceLike) this.lastVoiceLikeMs = endMs;
  }

  reset(): void {
    this.fill = 0;
    this.blockFill = 0;
    this.blockEnergy = 0;
    this.windowEnergy = 0;
    this.quietWindows = 0;
    this.peakEnergy = 0;
    this.quietest = Number.POSITIVE_INFINITY;
    this.pauseFloor = 0;
    this.speaking = false;
    this.stream.reset();
  }
}
