import { type ManualClock, settle } from '../../lib/clock.ts';
import type { Direction, Frame, FrameOf, FrameType } from '../frames.ts';
import { Pipeline } from '../pipeline.ts';
import type { FrameProcessor } from '../processor.ts';

/**
 * Frames in → frames out around one processor (or a short chain): records what leaves each end,
 * and every interruption the processors ask for (delivered back to them, as a pipeline would).
 */
export class ProcessorHarness {
  readonly down: Frame[] = [];
  readonly up: Frame[] = [];
  interruptions = 0;
  readonly pipeline: Pipeline;

  constructor(
    processors: FrameProcessor | FrameProcessor[],
    private readonly clock?: ManualClock,
  ) {
    const list = Array.isArray(processors) ? processors : [processors];
    this.pipeline = new Pipeline(list, {
      onDownstream: (f) => this.down.push(copyReused(f)),
      onUpstream: (f) => this.up.push(f),
      observers: [{ onFrame: (f) => (f.type === 'interruption' ? this.interruptions++ : undefined) }],
    });
  }

  /** Send frames in at the head (down) or at the tail (up), then let them be processed. */
  async send(frames: Frame | Frame[], direction: Direction = 'down'): Promise<void> {
    const list = Array.isArray(frames) ? frames : [frames];
    const procs = this.pipeline.processors;
    for (const f of list) {
      if (direction === 'down') this.pipeline.push(f);
      else procs[procs.length - 1]!.enqueue(f, 'up');
    }
    await this.settle();
  }

  /** Let runnable work finish (no time passes); with a clock and `ms`, then move time forward. */
  async settle(ms = 0): Promise<void> {
    await settle();
    if (this.clock && ms > 0) await this.clock.advanceAsync(ms);
  }

  /** Frames of one type that left in `direction`. */
  of<T extends FrameType>(type: T, direction: Direction = 'down'): FrameOf<T>[] {
    const src = direction === 'down' ? this.down : this.up;
    return src.filter((f): f is FrameOf<T> => f.type === type);
  }

  types(direction: Direction = 'down'): FrameType[] {
    return (direction === 'down' ? this.down : this.up).map((f) => f.type);
  }

  async stop(): Promise<void> {
    await this.pipeline.stop();
  }
}

/** `audio.out` reuses its buffer; a recorder must copy it. */
function copyReused(f: Frame): Frame {
  return f.type === 'audio.out' ? { ...f, pcm: f.pcm.slice() } : f;
}

/** One-shot form: send `frames`, settle, return what left each end. */
export async function runProcessor(
  processors: FrameProcessor | FrameProcessor[],
  frames: Frame[],
  opts: { clock?: ManualClock; advanceMs?: number } = {},
): Promise<{ down: Frame[]; up: Frame[]; harness: ProcessorHarness }> {
  const h = new ProcessorHarness(processors, opts.clock);
  await h.send(frames);
  if (opts.advanceMs) await h.settle(opts.advanceMs);
  return { down: h.down, up: h.up, harness: h };
}
