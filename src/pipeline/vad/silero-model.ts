import { createRequire } from 'node:module';
import path from 'node:path';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { InlineSileroRunner, type SileroRunner, WorkerSileroRunner } from './silero-runner.ts';
import type { VadListener, VadModel, VadStream } from './vad-model.ts';

/** Where npm puts the Silero v5 model shipped inside `@livekit/agents-plugin-silero` (stack.md). */
export function defaultSileroModelPath(): string {
  const entry = createRequire(import.meta.url).resolve('@livekit/agents-plugin-silero');
  return path.join(path.dirname(entry), 'silero_vad.onnx');
}

/** Window and context sizes Silero v5 expects per rate (stack.md Appendix C). */
const shapes: Record<number, { window: number; context: number }> = {
  8000: { window: 256, context: 32 },
  16000: { window: 512, context: 64 },
};

/**
 * Silero v5 on onnxruntime-node: one session for the whole process (on a worker thread by default,
 * `inline` for tests on an injected clock); per-call state lives in streams. Windows that calls
 * submit in the same event-loop turn run as one batched inference (the model takes a batch
 * dimension), which costs far less per window than one run each.
 */
export class SileroVadModel implements VadModel {
  readonly name = 'silero';
  readonly sampleRates = [8000, 16000] as const;
  private readonly batchers = new Map<number, SileroBatcher>();

  private constructor(
    private readonly runner: SileroRunner,
    /** Least time between two batches (0: the next event-loop turn). */
    private readonly coalesceMs = 0,
    private readonly clock: Clock = systemClock,
  ) {}

  static async load(
    opts: { modelPath?: string; thread?: 'worker' | 'inline' } = {},
  ): Promise<SileroVadModel> {
    const modelPath = opts.modelPath ?? defaultSileroModelPath();
    if (opts.thread === 'inline') return new SileroVadModel(await InlineSileroRunner.load(modelPath));
    const runner = new WorkerSileroRunner(modelPath);
    await runner.start();
    return new SileroVadModel(runner, WORKER_COALESCE_MS);
  }

  /** A model over a given runner (tests observe batching through it). */
  static withRunner(runner: SileroRunner, coalesceMs = 0, clock: Clock = systemClock): SileroVadModel {
    return new SileroVadModel(runner, coalesceMs, clock);
  }

  createStream(sampleRate: number): VadStream {
    const shape = shapes[sampleRate];
    if (!shape) throw new Error(`Silero VAD runs at 8000 or 16000 Hz, not ${sampleRate}`);
    let b = this.batchers.get(sampleRate);
    if (!b) {
      b = new SileroBatcher(this.runner, sampleRate, shape, this.coalesceMs, this.clock);
      this.batchers.set(sampleRate, b);
    }
    return new SileroStream(b, shape.window, shape.context);
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}

const STATE = 2 * 128;

/** Copy one 128-value LSTM layer (a loop: a subarray view per copy was most of this file's garbage). */
function copyLayer(from: Float32Array, fromAt: number, to: Float32Array, toAt: number): void {
  for (let j = 0; j < 128; j++) to[toAt + j] = from[fromAt + j]!;
}

/**
 * A message to the worker costs ≈ 15 µs of the event loop whatever it carries, and calls' windows
 * arrive one at a time: batches at most every 2 ms carry ≈ 12 windows each at 200 calls (one each
 * before). At low load a window still goes at once; the VAD dates speech by its audio, so the
 * ≤ 2 ms only reaches barge-in detection.
 */
const WORKER_COALESCE_MS = 2;

/**
 * Collects ready windows of one rate and runs them together on the next turn of the event loop.
 * One batch is in flight at a time: windows that become ready meanwhile wait for it and go
 * together (the worker runs batches one after another anyway), so under load batches grow and
 * the thread hand-offs per window fall. The batch lives in one shared-memory arena, grown when a
 * batch outgrows it, which a worker reads and writes in place.
 */
class SileroBatcher {
  private queue: SileroStream[] = [];
  private scheduled = false;
  private inFlight = false;
  private capacity = 0;
  private arena: SharedArrayBuffer | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private readonly window: number;
  private readonly context: number;
  private readonly flushNow = () => void this.flush();

  constructor(
    private readonly runner: SileroRunner,
    private readonly sampleRate: number,
    shape: { window: number; context: number },
    private readonly coalesceMs: number,
    private readonly clock: Clock,
  ) {
    this.window = shape.window;
    this.context = shape.context;
  }

  submit(stream: SileroStream): void {
    this.queue.push(stream);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    const wait = this.coalesceMs - (this.clock.monotonic() - this.lastSentAt);
    if (wait > 0) this.clock.setTimeout(this.flushNow, wait);
    else setImmediate(this.flushNow);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const n = batch.length;
    this.inFlight = true;
    this.lastSentAt = this.clock.monotonic();
    const width = this.context + this.window;
    const views = this.views(n);
    const { input, state } = views;
    for (let b = 0; b < n; b++) {
      const s = batch[b]!;
      input.set(s.input, b * width);
      // State is [2, batch, 128]: each stream's two 128-value layers go to their rows.
      copyLayer(s.state, 0, state, b * 128);
      copyLayer(s.state, 128, state, (n + b) * 128);
    }
    let error: unknown;
    try {
      await this.runner.run(views);
      const { next } = views;
      for (let b = 0; b < n; b++) {
        const s = batch[b]!;
        copyLayer(next, b * 128, s.state, 0);
        copyLayer(next, (n + b) * 128, s.state, 128);
      }
    } catch (e) {
      error = e ?? new Error('Silero VAD failed');
    }
    this.inFlight = false;
    // Answers go out after every state is in place: a listener may submit its stream's next window.
    for (let b = 0; b < n; b++) {
      const s = batch[b]!;
      if (error === undefined) s.settle(views.probs[b]!);
      else s.fail(error);
    }
    this.schedule();
  }

  /** Exact-size views of the arena for a batch of `n` (input, state, probabilities, next state). */
  private views(n: number): Parameters<SileroRunner['run']>[0] {
    const width = this.context + this.window;
    if (!this.arena || n > this.capacity) {
      this.capacity = Math.max(64, 2 ** Math.ceil(Math.log2(n)));
      const floats = this.capacity * (width + 2 * STATE + 1);
      this.arena = new SharedArrayBuffer(floats * Float32Array.BYTES_PER_ELEMENT);
    }
    const c = this.capacity;
    const at = (offsetFloats: number, length: number) =>
      new Float32Array(this.arena!, offsetFloats * Float32Array.BYTES_PER_ELEMENT, length);
    return {
      sampleRate: this.sampleRate,
      n,
      input: at(0, n * width),
      state: at(c * width, n * STATE),
      next: at(c * (width + STATE), n * STATE),
      probs: at(c * (width + 2 * STATE), n),
    };
  }
}

class SileroStream implements VadStream {
  readonly input: Float32Array;
  readonly state = new Float32Array(STATE);
  private listener: VadListener | undefined;

  constructor(
    private readonly batcher: SileroBatcher,
    readonly windowSamples: number,
    private readonly context: number,
  ) {
    this.input = new Float32Array(context + windowSamples);
  }

  score(window: Float32Array, to: VadListener): void {
    if (this.listener) throw new Error('VadStream.score called again before the last window was answered');
    const { context, windowSamples, input } = this;
    // The last `context` samples of the previous window lead this one.
    input.copyWithin(0, windowSamples, windowSamples + context);
    input.set(window.length === windowSamples ? window : window.subarray(0, windowSamples), context);
    this.listener = to;
    this.batcher.submit(this);
  }

  settle(p: number): void {
    const l = this.listener;
    this.listener = undefined;
    try {
      l?.scored(p);
    } catch (e) {
      l?.failed(e);
    }
  }

  fail(e: unknown): void {
    const l = this.listener;
    this.listener = undefined;
    l?.failed(e);
  }

  reset(): void {
    this.input.fill(0);
    this.state.fill(0);
  }
}
