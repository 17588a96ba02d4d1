import { createRequire } from 'node:module';
import path from 'node:path';
import { InlineSileroRunner, type SileroRunner, WorkerSileroRunner } from './silero-runner.ts';
import type { VadModel, VadStream } from './vad-model.ts';

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

  private constructor(private readonly runner: SileroRunner) {}

  static async load(
    opts: { modelPath?: string; thread?: 'worker' | 'inline' } = {},
  ): Promise<SileroVadModel> {
    const modelPath = opts.modelPath ?? defaultSileroModelPath();
    if (opts.thread === 'inline') return new SileroVadModel(await InlineSileroRunner.load(modelPath));
    const runner = new WorkerSileroRunner(modelPath);
    await runner.start();
    return new SileroVadModel(runner);
  }

  /** A model over a given runner (tests observe batching through it). */
  static withRunner(runner: SileroRunner): SileroVadModel {
    return new SileroVadModel(runner);
  }

  createStream(sampleRate: number): VadStream {
    const shape = shapes[sampleRate];
    if (!shape) throw new Error(`Silero VAD runs at 8000 or 16000 Hz, not ${sampleRate}`);
    let b = this.batchers.get(sampleRate);
    if (!b) {
      b = new SileroBatcher(this.runner, sampleRate, shape.window, shape.context);
      this.batchers.set(sampleRate, b);
    }
    return new SileroStream(b, shape.window, shape.context);
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}

const STATE = 2 * 128;

/** Windows per inference at most (buffers are kept per batch size up to this). */
const MAX_BATCH = 64;

/**
 * Collects ready windows of one rate and runs them together on the next turn of the event loop.
 * One batch is in flight at a time: windows that become ready meanwhile wait for it and go
 * together, so under load batches grow (fewer thread hand-offs per window) instead of queueing.
 */
class SileroBatcher {
  private queue: SileroStream[] = [];
  private scheduled = false;
  private inFlight = false;
  private readonly buffers = new Map<number, { input: Float32Array; state: Float32Array }>();

  constructor(
    private readonly runner: SileroRunner,
    private readonly sampleRate: number,
    private readonly window: number,
    private readonly context: number,
  ) {}

  submit(stream: SileroStream): void {
    this.queue.push(stream);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.length <= MAX_BATCH ? this.queue : this.queue.splice(0, MAX_BATCH);
    if (batch === this.queue) this.queue = [];
    const n = batch.length;
    this.inFlight = true;
    const width = this.context + this.window;
    const { input: inData, state: stData } = this.tensors(n);
    for (let b = 0; b < n; b++) {
      const s = batch[b]!;
      inData.set(s.input, b * width);
      // State is [2, batch, 128]: each stream's two 128-value layers go to their rows.
      stData.set(s.state.subarray(0, 128), b * 128);
      stData.set(s.state.subarray(128), (n + b) * 128);
    }
    try {
      const { probs, next } = await this.runner.run({
        sampleRate: this.sampleRate,
        n,
        input: inData,
        state: stData,
      });
      for (let b = 0; b < n; b++) {
        const s = batch[b]!;
        s.state.set(next.subarray(b * 128, b * 128 + 128), 0);
        s.state.set(next.subarray((n + b) * 128, (n + b) * 128 + 128), 128);
        s.settle(probs[b]!);
      }
    } catch (e) {
      for (const s of batch) s.fail(e);
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }

  private tensors(n: number): { input: Float32Array; state: Float32Array } {
    let t = this.buffers.get(n);
    if (!t) {
      const width = this.context + this.window;
      t = { input: new Float32Array(n * width), state: new Float32Array(n * STATE) };
      this.buffers.set(n, t);
    }
    return t;
  }
}

class SileroStream implements VadStream {
  readonly input: Float32Array;
  readonly state = new Float32Array(STATE);
  private resolve: ((p: number) => void) | undefined;
  private reject: ((e: unknown) => void) | undefined;

  constructor(
    private readonly batcher: SileroBatcher,
    readonly windowSamples: number,
    private readonly context: number,
  ) {
    this.input = new Float32Array(context + windowSamples);
  }

  probability(window: Float32Array): Promise<number> {
    if (this.resolve)
      return Promise.reject(new Error('VadStream.probability called again before the last window finished'));
    const { context, windowSamples, input } = this;
    // The last `context` samples of the previous window lead this one.
    input.copyWithin(0, windowSamples, windowSamples + context);
    input.set(window.subarray(0, windowSamples), context);
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.batcher.submit(this);
    });
  }

  settle(p: number): void {
    const r = this.resolve;
    this.resolve = this.reject = undefined;
    r?.(p);
  }

  fail(e: unknown): void {
    const r = this.reject;
    this.resolve = this.reject = undefined;
    r?.(e);
  }

  reset(): void {
    this.input.fill(0);
    this.state.fill(0);
  }
}
