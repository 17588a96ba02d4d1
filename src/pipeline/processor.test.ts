import { describe, expect, it } from 'vitest';
import type { Direction, Frame } from './frames.ts';
import { Pipeline } from './pipeline.ts';
import { FrameProcessor, PassThrough } from './processor.ts';
import { ProcessorHarness } from './testing/run-processor.ts';

const dtmf = (digit: string, uninterruptible = false): Frame =>
  uninterruptible
    ? { kind: 'data', type: 'dtmf', digit, atMs: 0, uninterruptible: true }
    : { kind: 'data', type: 'dtmf', digit, atMs: 0 };
const metric = (ms: number): Frame => ({ kind: 'system', type: 'metric', name: 'stt', ms, provider: 't' });

/** Holds each dtmf frame until released, recording the order frames were seen in. */
class Gated extends FrameProcessor {
  seen: string[] = [];
  signals: AbortSignal[] = [];
  interruptions = 0;
  private gate: (() => void) | undefined;
  constructor() {
    super('gated');
  }
  release(): void {
    this.gate?.();
  }
  protected override async process(frame: Frame, dir: Direction): Promise<void> {
    if (frame.type === 'dtmf') {
      this.seen.push(frame.digit);
      this.signals.push(this.signal);
      const signal = this.signal;
      await new Promise<void>((resolve, reject) => {
        this.gate = resolve;
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    } else if (frame.type === 'metric') this.seen.push(`metric:${frame.ms}`);
    this.push(frame, dir);
  }
  protected override onInterruption(): void {
    this.interruptions++;
  }
}

describe('FrameProcessor', () => {
  it('processes data frames one at a time, in order', async () => {
    const p = new Gated();
    const h = new ProcessorHarness(p);
    h.pipeline.push(dtmf('1'));
    h.pipeline.push(dtmf('2'));
    await h.settle();
    expect(p.seen).toEqual(['1']);
    p.release();
    await h.settle();
    expect(p.seen).toEqual(['1', '2']);
    p.release();
    await h.settle();
    expect(h.of('dtmf').map((f) => f.digit)).toEqual(['1', '2']);
  });

  it('handles system frames at once, skipping the queue', async () => {
    const p = new Gated();
    const h = new ProcessorHarness(p);
    h.pipeline.push(dtmf('1'));
    h.pipeline.push(dtmf('2'));
    h.pipeline.push(metric(7));
    expect(p.seen).toEqual(['1', 'metric:7']);
    p.release();
    await h.settle();
    p.release();
    await h.settle();
    expect(h.types()).toEqual(['metric', 'dtmf', 'dtmf']);
  });

  it('on interruption drops queued interruptible frames, keeps uninterruptible ones and renews the signal', async () => {
    const p = new Gated();
    const h = new ProcessorHarness(p);
    h.pipeline.push(dtmf('1'));
    h.pipeline.push(dtmf('2'));
    h.pipeline.push(dtmf('3', true));
    await h.settle();
    const first = p.signals[0]!;
    h.pipeline.interrupt();
    expect(first.aborted).toBe(true);
    expect(p.interruptions).toBe(1);
    await h.settle();
    expect(p.seen).toEqual(['1', '3']);
    expect(p.signals[1]!.aborted).toBe(false);
    p.release();
    await h.settle();
    expect(h.of('dtmf').map((f) => f.digit)).toEqual(['3']);
    expect(h.interruptions).toBe(1);
  });

  it('reports an error thrown while processing upstream, and swallows aborts', async () => {
    class Boom extends FrameProcessor {
      protected override process(frame: Frame): void {
        if (frame.type === 'dtmf' && frame.digit === 'x') throw new Error('kaput');
        if (frame.type === 'dtmf') throw new DOMException('aborted', 'AbortError');
      }
    }
    const h = new ProcessorHarness(new Boom('boom'));
    await h.send([dtmf('x'), dtmf('y')]);
    const errors = h.of('error', 'up');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ fatal: true, source: 'boom' });
    expect(errors[0]!.error.message).toBe('kaput');
  });

  it('awaits spawned work on stop and aborts its signal', async () => {
    let aborted = false;
    let finished = false;
    class Spawner extends FrameProcessor {
      protected override process(): void {
        const signal = this.signal;
        void this.spawn(async () => {
          await new Promise<void>((r) => signal.addEventListener('abort', () => r()));
          aborted = signal.aborted;
          finished = true;
        });
      }
    }
    const h = new ProcessorHarness(new Spawner('spawner'));
    await h.send(dtmf('1'));
    expect(finished).toBe(false);
    await h.stop();
    expect(aborted).toBe(true);
    expect(finished).toBe(true);
  });

  it('ignores frames after stop', async () => {
    const p = new Gated();
    const h = new ProcessorHarness(p);
    await h.stop();
    h.pipeline.push(dtmf('1'));
    await h.settle();
    expect(p.seen).toEqual([]);
  });
});

describe('Pipeline', () => {
  it('links processors both ways; observers see each frame once, where it was made', async () => {
    const seen: string[] = [];
    const up: Frame[] = [];
    const down: Frame[] = [];
    /** Answers each dtmf frame with a metric sent back upstream. */
    class Echo extends FrameProcessor {
      protected override process(frame: Frame, dir: Direction): void {
        this.push(frame, dir);
        if (frame.type === 'dtmf') this.push(metric(1), 'up');
      }
    }
    const pipeline = new Pipeline([new PassThrough('a'), new Echo('b'), new PassThrough('c')], {
      onDownstream: (f) => down.push(f),
      onUpstream: (f) => up.push(f),
      observers: [{ onFrame: (f, from, dir) => seen.push(`${from}:${dir}:${f.type}`) }],
    });
    pipeline.push(dtmf('5'));
    await pipeline.idle();
    expect(down.map((f) => f.type)).toEqual(['dtmf']);
    expect(up.map((f) => f.type)).toEqual(['metric']);
    expect(seen).toEqual(['input:down:dtmf', 'b:up:metric']);
  });

  it('does not observe a frame again when a processor forwards it after holding it, or after an await', async () => {
    const seen: string[] = [];
    /** Holds each dtmf frame and forwards it with the next one (a held frame pushed on later). */
    class Holder extends FrameProcessor {
      private held: Frame | undefined;
      protected override async process(frame: Frame, dir: Direction): Promise<void> {
        await Promise.resolve();
        if (this.held) this.push(this.held, dir);
        this.held = frame;
      }
      release(): void {
        if (this.held) this.push(this.held);
        this.held = undefined;
      }
    }
    /** Forwards after an await, and makes a new frame of its own each time. */
    class Later extends FrameProcessor {
      protected override async process(frame: Frame, dir: Direction): Promise<void> {
        await Promise.resolve();
        this.push(frame, dir);
        this.push(metric(2));
      }
    }
    const holder = new Holder('h');
    const down: Frame[] = [];
    const pipeline = new Pipeline([holder, new Later('l')], {
      onDownstream: (f) => down.push(f),
      observers: [{ onFrame: (f, from) => seen.push(`${from}:${f.type}`) }],
    });
    pipeline.push(dtmf('1'));
    pipeline.push(dtmf('2'));
    await pipeline.idle();
    holder.release();
    await pipeline.idle();
    expect(down.map((f) => f.type)).toEqual(['dtmf', 'metric', 'dtmf', 'metric']);
    expect(seen).toEqual(['input:dtmf', 'input:dtmf', 'l:metric', 'l:metric']);
  });

  it('observes nothing twice when a synchronous processor forwards held frames and system frames', async () => {
    const seen: string[] = [];
    /** Synchronous: holds each dtmf frame until the next (`forward`), passes system frames on at once. */
    class SyncHolder extends FrameProcessor {
      private held: Frame | undefined;
      protected override process(frame: Frame, dir: Direction): void {
        if (frame.kind === 'system') {
          this.push(frame, dir);
          return;
        }
        if (this.held) this.forward(this.held, dir);
        this.held = frame;
      }
      release(): void {
        if (this.held) this.forward(this.held);
        this.held = undefined;
      }
    }
    /** Pushes each system frame on twice from inside its processing, and one new frame of its own. */
    class Twice extends FrameProcessor {
      protected override process(frame: Frame, dir: Direction): void {
        this.push(frame, dir);
        if (frame.kind !== 'system') return;
        this.push(frame, dir);
        this.push(dtmf('9'));
      }
    }
    const holder = new SyncHolder('h');
    const down: string[] = [];
    const pipeline = new Pipeline([holder, new Twice('t')], {
      onDownstream: (f) => down.push(f.type === 'dtmf' ? f.digit : f.type),
      observers: [{ onFrame: (f, from) => seen.push(`${from}:${f.type === 'dtmf' ? f.digit : f.type}`) }],
    });
    pipeline.push(dtmf('1'));
    pipeline.push(metric(1));
    pipeline.push(dtmf('2'));
    await pipeline.idle();
    holder.release();
    await pipeline.idle();
    expect(down).toEqual(['metric', 'metric', '9', '1', '2']);
    expect(seen).toEqual(['input:1', 'input:metric', 't:9', 'input:2']);
  });
});
