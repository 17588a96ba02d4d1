/**
 * Estimates how much of the audio sent to a transport has been played to the caller: a playhead
 * that advances in real time while audio is buffered, snapped to the true position whenever the
 * transport acknowledges a playout mark. Counts samples at one rate, from the start of one speech.
 */
export class PlayoutTracker {
  private sent = 0;
  private playhead = 0;
  private lastMs = 0;

  constructor(private readonly sampleRate: number) {}

  get sentSamples(): number {
    return this.sent;
  }

  /** Start counting afresh (a new speech, or a rewind to `samples` after a clear). */
  reset(nowMs: number, samples = 0): void {
    this.sent = samples;
    this.playhead = samples;
    this.lastMs = nowMs;
  }

  onSent(samples: number, nowMs: number): void {
    this.advance(nowMs);
    this.sent += samples;
  }

  /** The transport reports that playout reached `position` (samples) now. */
  onMark(position: number, nowMs: number): void {
    this.playhead = Math.min(position, this.sent);
    this.lastMs = nowMs;
  }

  /** Samples played by `nowMs`. */
  played(nowMs: number): number {
    this.advance(nowMs);
    return this.playhead;
  }

  /** ms until everything sent so far has played (0 if it has). */
  msUntilDrained(nowMs: number): number {
    return ((this.sent - this.played(nowMs)) * 1000) / this.sampleRate;
  }

  private advance(nowMs: number): void {
    if (nowMs <= this.lastMs) return;
    const elapsed = Math.floor(((nowMs - this.lastMs) * this.sampleRate) / 1000);
    if (elapsed >= this.sent - this.playhead) {
      this.playhead = this.sent;
      this.lastMs = nowMs;
    } else {
      // Keep the fraction of a sample for next time.
      this.playhead += elapsed;
      this.lastMs += (elapsed * 1000) / this.sampleRate;
    }
  }
}
