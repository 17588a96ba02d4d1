import type { Timer } from '../../lib/clock.ts';
import type { CallClock } from '../call-clock.ts';
import type { HeardAudio } from '../vad/activity-detector.ts';

/** Longest an endpoint waits for a lagging VAD to hear its deadline (audio may have stopped coming). */
export const maxVadLagMs = 500;
/**
 * A VAD keeping up with the clock has heard to within a window and a frame (32 + 20 ms) of it: the
 * endpoint waits only for one further behind, so it costs no latency when the host is not loaded.
 */
export const vadSlackMs = 60;

/**
 * When the caller's turn may end: `endpointingMs` after their speech ended by the clock, and once
 * the VAD has heard that far (under load its windows can queue behind the clock, and speech resuming
 * just before the deadline is reported a window later: ending the turn first cuts the caller off).
 */
export class EndpointTimer {
  private timer: Timer | undefined;
  private deadlineMs = 0;
  private speechEndMs = 0;

  constructor(
    private readonly time: CallClock,
    private readonly endpointingMs: number,
    private readonly onDue: () => void,
    /** Absent: the clock alone decides. */
    private readonly heard: HeardAudio | undefined,
  ) {}

  /** Start waiting (again) for the end of a turn whose speech ended at `speechEndMs` (call time). */
  arm(speechEndMs: number): void {
    this.cancel();
    this.speechEndMs = speechEndMs;
    this.deadlineMs = speechEndMs + this.endpointingMs;
    this.timer = this.time.setTimeout(this.onTimer, Math.max(0, this.deadlineMs - this.time.now()));
  }

  cancel(): void {
    this.heard?.cancelWait();
    this.time.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onTimer = (): void => {
    const heard = this.heard;
    if (!heard) {
      this.fire();
      return;
    }
    // Sound that came back after the end of speech needs the model's verdict: one window past it.
    const voiced = heard.voicedUntilMs;
    const resumed = voiced > this.speechEndMs ? voiced + heard.windowMs : Number.NEGATIVE_INFINITY;
    this.timer = this.time.setTimeout(this.fire, maxVadLagMs);
    heard.whenHeardThrough(Math.max(this.deadlineMs - vadSlackMs, resumed), this.fire);
  };

  private readonly fire = (): void => {
    this.cancel();
    this.onDue();
  };
}
