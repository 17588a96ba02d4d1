import type { Direction, Frame } from './frames.ts';

/** Sees every frame a processor pushes; must not block and must copy reused buffers if it keeps them. */
export interface FrameObserver {
  onFrame(frame: Frame, from: string, direction: Direction): void;
}

/** What a processor is linked to inside a pipeline. */
export interface ProcessorLinks {
  next: ((frame: Frame) => void) | undefined;
  prev: ((frame: Frame) => void) | undefined;
  observe: (frame: Frame, from: string, direction: Direction) => void;
  interrupt: () => void;
}

const unlinked: ProcessorLinks = { next: undefined, prev: undefined, observe: () => {}, interrupt: () => {} };

/** True for the error an aborted provider call or timer throws. */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');
}

/**
 * One stage of the voice pipeline. Data and control frames are processed one at a time in arrival
 * order; system frames are handled at once. An `interruption` drops queued frames (except
 * uninterruptible ones) and aborts and renews `signal`. Background work goes through `spawn`.
 */
export abstract class FrameProcessor {
  #links: ProcessorLinks = unlinked;
  // Parallel arrays, not {frame, dir} records, kept at their size between bursts: no allocation per queued frame.
  readonly #queue: Frame[] = [];
  readonly #dirs: Direction[] = [];
  #head = 0;
  #tail = 0;
  #running = false;
  /** Continues the queue after a frame whose processing was asynchronous settled. */
  readonly #resume = (): void => {
    // Not pushed on while processed: the processor may still hold it and push it after a later await.
    if (!this.#forwarded && this.#current) this.#received.add(this.#current);
    this.#current = undefined;
    this.#drain();
  };
  #idleWaiters: (() => void)[] = [];
  #controller = new AbortController();
  readonly #tasks = new Set<Promise<void>>();
  #stopped = false;
  /** The queued frame being processed, and whether it was pushed on: pushing it is a forward, not a new frame. */
  #current: Frame | undefined;
  #forwarded = false;
  /** The system frame being processed synchronously: pushing it on is a forward. */
  #system: Frame | undefined;
  /**
   * Frames whose processing went on after an await without pushing them on: pushing one of them
   * later is a forward too, which observers already saw. Frames processed synchronously never go
   * in (an insert per audio frame was most of the garbage collector's weak-table work); a
   * synchronous processor that holds a frame pushes it on with `forward`.
   */
  readonly #received = new WeakSet<Frame>();

  constructor(readonly name: string) {}

  /** Aborted by an interruption or shutdown, then replaced by a fresh one. */
  protected get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Handle one frame; the default forwards it unchanged. Never called concurrently for queued frames. */
  protected process(frame: Frame, direction: Direction): void | Promise<void> {
    this.push(frame, direction);
  }

  /** Called with an error thrown by `process` or a spawned task (not aborts); default reports it upstream. */
  protected onError(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    this.push({ kind: 'system', type: 'error', error: err, fatal: true, source: this.name }, 'up');
  }

  /** Called on an interruption (delivered to every processor by the pipeline, never forwarded). */
  protected onInterruption(): void | Promise<void> {}

  /** Called once on pipeline stop, after queued work was abandoned and the signal aborted. */
  protected async cleanup(): Promise<void> {}

  link(links: ProcessorLinks): void {
    this.#links = links;
  }

  /** Entry point for frames from a neighbour or the pipeline. */
  enqueue(frame: Frame, direction: Direction): void {
    if (this.#stopped) return;
    if (frame.type === 'interruption') {
      this.#dropQueued();
      void this.#runHook(() => this.onInterruption());
      return;
    }
    if (frame.kind === 'system') {
      const outer = this.#system;
      this.#system = frame;
      const pending = this.#runFrame(frame, direction);
      this.#system = outer;
      if (pending) this.#received.add(frame);
      return;
    }
    this.#queue[this.#tail] = frame;
    this.#dirs[this.#tail++] = direction;
    if (!this.#running) this.#drain();
  }

  /** Emit a frame to the neighbour in `direction`; past the ends it reaches the pipeline's sinks. */
  protected push(frame: Frame, direction: Direction = 'down'): void {
    if (frame === this.#current) this.#forwarded = true;
    else if (frame !== this.#system && !this.#received.has(frame))
      this.#links.observe(frame, this.name, direction);
    this.forward(frame, direction);
  }

  /** Push on a frame this processor received and held past its processing: observers already saw it. */
  protected forward(frame: Frame, direction: Direction = 'down'): void {
    const target = direction === 'down' ? this.#links.next : this.#links.prev;
    target?.(frame);
  }

  /** Ask the pipeline to deliver an `interruption` to every processor. */
  protected broadcastInterruption(): void {
    this.#links.interrupt();
  }

  /** Run background work tied to this processor's lifetime; errors other than aborts go to `onError`. */
  protected spawn(fn: () => Promise<void>): Promise<void> {
    const p = fn().catch((e: unknown) => {
      if (!isAbortError(e)) this.onError(e);
    });
    const tracked = p.finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
    return tracked;
  }

  /** Resolves when no queued frame is waiting or being processed (spawned tasks are not awaited). */
  whenIdle(): Promise<void> {
    if (!this.#running && this.#head >= this.#tail) return Promise.resolve();
    return new Promise((r) => this.#idleWaiters.push(r));
  }

  get queued(): number {
    return this.#tail - this.#head;
  }

  /** Abandon queued frames, abort in-flight work and await spawned tasks. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#queue.length = 0;
    this.#dirs.length = 0;
    this.#head = this.#tail = 0;
    this.#controller.abort();
    await Promise.allSettled([...this.#tasks]);
    await this.cleanup();
    this.#wakeIdle();
  }

  #dropQueued(): void {
    let w = 0;
    for (let i = this.#head; i < this.#tail; i++) {
      const frame = this.#queue[i]!;
      if (!frame.uninterruptible) continue;
      this.#queue[w] = frame;
      this.#dirs[w++] = this.#dirs[i]!;
    }
    this.#queue.fill(undefined as never, w, this.#tail);
    this.#head = 0;
    this.#tail = w;
    this.#controller.abort();
    this.#controller = new AbortController();
  }

  #runHook(fn: () => void | Promise<void>): void | Promise<void> {
    try {
      const r = fn();
      if (r) return r.catch((e: unknown) => this.#failed(e));
    } catch (e) {
      this.#failed(e);
    }
  }

  #runFrame(frame: Frame, dir: Direction): void | Promise<void> {
    try {
      const r = this.process(frame, dir);
      if (r) return r.catch((e: unknown) => this.#failed(e));
    } catch (e) {
      this.#failed(e);
    }
  }

  #failed(e: unknown): void {
    if (isAbortError(e) || this.#stopped) return;
    this.onError(e);
  }

  /** Process queued frames in order, synchronously while processing is; an async frame resumes it when settled. */
  #drain(): void {
    this.#running = true;
    while (this.#head < this.#tail && !this.#stopped) {
      const frame = this.#queue[this.#head]!;
      const dir = this.#dirs[this.#head]!;
      this.#queue[this.#head++] = undefined as never;
      if (this.#head > 64 && this.#head * 2 > this.#tail) this.#compact();
      this.#current = frame;
      this.#forwarded = false;
      const r = this.#runFrame(frame, dir);
      if (r) {
        void r.then(this.#resume);
        return;
      }
      this.#current = undefined;
    }
    this.#head = this.#tail = 0;
    this.#running = false;
    this.#wakeIdle();
  }

  /** Move the waiting frames to the front (a long backlog that drains while growing). */
  #compact(): void {
    const n = this.#tail - this.#head;
    this.#queue.copyWithin(0, this.#head, this.#tail);
    this.#dirs.copyWithin(0, this.#head, this.#tail);
    this.#queue.fill(undefined as never, n, this.#tail);
    this.#head = 0;
    this.#tail = n;
  }

  #wakeIdle(): void {
    const w = this.#idleWaiters;
    if (w.length === 0) return;
    this.#idleWaiters = [];
    for (const r of w) r();
  }
}

/** A processor that only forwards; handy as a pipeline end or a test neighbour. */
export class PassThrough extends FrameProcessor {}
