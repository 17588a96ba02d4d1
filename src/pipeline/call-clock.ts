import type { Clock, Timer } from '../lib/clock.ts';

/** The session's time base: `now()` is ms since the call started; timers come from the injected Clock. */
export class CallClock {
  readonly origin: number;
  constructor(readonly clock: Clock) {
    this.origin = clock.monotonic();
  }
  now(): number {
    return this.clock.monotonic() - this.origin;
  }
  setTimeout(fn: () => void, ms: number): Timer {
    return this.clock.setTimeout(fn, ms);
  }
  clearTimeout(t: Timer | undefined): void {
    if (t !== undefined) this.clock.clearTimeout(t);
  }
}

/** Past this much disagreement with the clock, caller audio is re-dated by arrival (a gap in the stream). */
export const mediaResyncMs = 1000;

/** Each frame closes this fraction of the gap to its arrival time (≈ 5 s time constant at 50 frames/s). */
const slew = 1 / 256;

/**
 * Dates caller audio by the samples received, not by when each frame is handled: a stalled event
 * loop delivers a burst of frames at one moment, and arrival dates would stretch the pause before
 * it (ending the caller's turn mid-sentence) and squash the speech after it. The dates follow the
 * arrival times slowly, so clock drift between the sender and this host does not build up.
 */
export class MediaClock {
  private endMs = Number.NaN;

  /** Call time of the last sample of a frame of `samples` at `sampleRate`, received at `nowMs`. */
  stamp(samples: number, sampleRate: number, nowMs: number): number {
    const next = this.endMs + (samples * 1000) / sampleRate;
    // The first frame, a gap in the stream, or a sender far ahead (NaN compares false): trust the clock.
    this.endMs = Math.abs(next - nowMs) <= mediaResyncMs ? next + (nowMs - next) * slew : nowMs;
    return this.endMs;
  }
}
