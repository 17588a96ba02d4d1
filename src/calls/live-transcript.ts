import type { CallMessage } from '../domain/call/call.ts';
import type { Clock, Timer } from '../lib/clock.ts';

/** At most one write per this many ms per call (≤ 4 writes a second). */
export const liveTranscriptIntervalMs = 250;

export interface LiveTranscriptDeps {
  clock: Clock;
  /** Store the call's messages so far (the engine's job: the call row's `messages`). */
  save: (messages: CallMessage[]) => Promise<void>;
  /** A failed write is reported and skipped: the next one (or the final record) carries the messages. */
  onError: (err: unknown) => void;
  intervalMs?: number;
}

/**
 * A call's transcript written to its record while the call runs, so `GET /v1/calls/{id}` shows it
 * live. A one-slot queue: `update` never waits, later lists replace an unsent one, one write at a
 * time and at most one per interval. `close` stops it and waits for the write in flight, so the
 * final record written after it is the last word.
 */
export class LiveTranscript {
  private pending: CallMessage[] | undefined;
  private writing: Promise<void> | undefined;
  private timer: Timer | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly intervalMs: number;

  constructor(private readonly d: LiveTranscriptDeps) {
    this.intervalMs = d.intervalMs ?? liveTranscriptIntervalMs;
  }

  /** The call's messages so far (a new list each time; the newest wins). */
  update(messages: CallMessage[]): void {
    if (this.closed) return;
    this.pending = messages;
    this.schedule();
  }

  /** Drop anything unsent and wait for the write in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = undefined;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }

  private schedule(): void {
    if (this.writing || this.timer !== undefined || !this.pending) return;
    const wait = this.lastWriteAt + this.intervalMs - this.d.clock.monotonic();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const messages = this.pending;
    if (!messages || this.closed) return;
    this.pending = undefined;
    this.lastWriteAt = this.d.clock.monotonic();
    // Started after the current frame is handled, so the audio path never waits for it.
    this.writing = Promise.resolve()
      .then(() => this.d.save(messages))
      .catch(this.d.onError)
      .finally(() => {
        this.writing = undefined;
        this.schedule();
      });
  }
}
