/**
 * Caller audio that arrived before the engine attached (a burst of calls can keep call setup busy
 * for seconds), kept with its arrival times so the engine hears it as spoken. Bounded: past
 * `maxFrames`, the oldest frames go.
 */
export class AudioBacklog {
  private readonly frames: Int16Array[] = [];
  private readonly arrivals: number[] = [];

  constructor(readonly maxFrames: number) {}

  get size(): number {
    return this.frames.length;
  }

  push(pcm: Int16Array, arrivedAt: number): void {
    if (this.frames.length === this.maxFrames) {
      this.frames.shift();
      this.arrivals.shift();
    }
    this.frames.push(pcm);
    this.arrivals.push(arrivedAt);
  }

  /** Hand every kept frame to `fn` in order with how long ago (ms before `now`) it arrived, and forget them. */
  drain(now: number, fn: (pcm: Int16Array, agoMs: number) => void): void {
    const frames = this.frames.splice(0);
    const arrivals = this.arrivals.splice(0);
    for (let i = 0; i < frames.length; i++) fn(frames[i]!, Math.max(0, now - arrivals[i]!));
  }
}
