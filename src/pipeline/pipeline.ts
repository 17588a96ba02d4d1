import type { Direction, Frame } from './frames.ts';
import type { FrameObserver, FrameProcessor } from './processor.ts';

export interface PipelineOptions {
  observers?: FrameObserver[];
  /** Frames pushed downstream past the last processor. */
  onDownstream?: (frame: Frame) => void;
  /** Frames pushed upstream past the first processor (errors, end requests). */
  onUpstream?: (frame: Frame) => void;
}

const interruption: Frame = { kind: 'system', type: 'interruption' };

/** A chain of processors: frames enter at the head (`push`) and leave through the sinks. */
export class Pipeline {
  private readonly observers: FrameObserver[];
  private stopped = false;

  constructor(
    readonly processors: readonly FrameProcessor[],
    opts: PipelineOptions = {},
  ) {
    this.observers = opts.observers ?? [];
    const observe = (frame: Frame, from: string, dir: Direction) => {
      for (const o of this.observers) o.onFrame(frame, from, dir);
    };
    processors.forEach((p, i) => {
      const next = processors[i + 1];
      const prev = processors[i - 1];
      p.link({
        next: next ? (f) => next.enqueue(f, 'down') : opts.onDownstream,
        prev: prev ? (f) => prev.enqueue(f, 'up') : opts.onUpstream,
        observe,
        interrupt: () => this.interrupt(),
      });
    });
  }

  addObserver(o: FrameObserver): void {
    this.observers.push(o);
  }

  /** Feed a frame in at the head, as if from the transport. */
  push(frame: Frame): void {
    if (this.stopped) return;
    for (const o of this.observers) o.onFrame(frame, 'input', 'down');
    this.processors[0]?.enqueue(frame, 'down');
  }

  /** Deliver an interruption to every processor, head to tail. */
  interrupt(): void {
    if (this.stopped) return;
    for (const o of this.observers) o.onFrame(interruption, 'pipeline', 'down');
    for (const p of this.processors) p.enqueue(interruption, 'down');
  }

  /** Resolves once every processor's queue is empty (re-checked until stable). */
  async idle(): Promise<void> {
    for (let pass = 0; pass < 100; pass++) {
      if (this.processors.every((p) => p.queued === 0)) {
        await Promise.all(this.processors.map((p) => p.whenIdle()));
        if (this.processors.every((p) => p.queued === 0)) return;
      }
      await Promise.all(this.processors.map((p) => p.whenIdle()));
    }
  }

  /** Stop every processor (abandoning queued frames) and await their background work. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const p of this.processors) await p.stop();
  }
}
