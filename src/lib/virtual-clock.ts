import { type Clock, settle, type Timer } from './clock.ts';

/** Real (non-timer) work a time base must wait for before moving on: identity on the system clock. */
export type WorkTracker = <T>(work: Promise<T>) => Promise<T>;

/** The tracker for real time: nothing to wait for, time moves by itself. */
export const untracked: WorkTracker = (work) => work;

interface Pending {
  due: number;
  seq: number;
  fn: () => void;
}

/**
 * Discrete-event time for simulated calls: once `start()`ed, it jumps straight to the next timer
 * whenever the process is otherwise idle — no microtask or immediate left to run and no `hold`
 * work (model inference, worker threads, I/O) in flight — so a minute of call runs in well under a
 * second, in the same order every run. Timers due at the same time fire in the order they were set.
 */
export class VirtualClock implements Clock {
  private t: number;
  private readonly origin: number;
  private seq = 0;
  private readonly timers = new Map<number, Pending>();
  private readonly holds = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private running = false;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.t = startMs;
    this.origin = startMs;
  }

  now(): number {
    return this.t;
  }

  monotonic(): number {
    return this.t - this.origin;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + Math.max(0, ms), seq: id, fn });
    this.poke();
    return id as unknown as Timer;
  }

  clearTimeout(t: Timer): void {
    this.timers.delete(t as unknown as number);
  }

  /** Keep time still until `work` settles (it is real work that timers must not overtake). */
  readonly hold: WorkTracker = (work) => {
    const marker = work.then(
      () => undefined,
      () => undefined,
    );
    this.holds.add(marker);
    void marker.then(() => {
      this.holds.delete(marker);
      this.poke();
    });
    this.poke();
    return work;
  };

  /** Start advancing by itself; idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stop advancing (pending timers stay pending). */
  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      await settle(2);
      if (!this.running) return;
      if (this.holds.size > 0) {
        await Promise.race(this.holds);
        continue;
      }
      const next = this.earliest();
      if (!next) {
        await new Promise<void>((r) => {
          this.wake = r;
        });
        continue;
      }
      this.timers.delete(next.seq);
      this.t = Math.max(this.t, next.due);
      try {
        next.fn();
      } catch (e) {
        // Surface it as an uncaught error (as a real timer would) without stopping time for others.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.timers.values())
      if (!best || p.due < best.due || (p.due === best.due && p.seq < best.seq)) best = p;
    return best;
  }
}
