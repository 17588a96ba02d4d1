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
