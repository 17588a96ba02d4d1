import { Worker } from 'node:worker_threads';
import { InferenceSession, Tensor } from 'onnxruntime-node';

/**
 * One batched Silero inference: `n` windows (with context) and their `[2, n, 128]` state in, each
 * window's probability and the next state written to `probs` and `next`. The arrays may live in
 * shared memory, so a worker reads and writes them in place (nothing is copied between threads).
 */
export interface SileroBatch {
  sampleRate: number;
  n: number;
  input: Float32Array;
  state: Float32Array;
  probs: Float32Array;
  next: Float32Array;
}

/** Where a batch runs: on this thread, or on a worker thread so inference never blocks call audio. */
export interface SileroRunner {
  run(batch: SileroBatch): Promise<void>;
  close(): Promise<void>;
}

const sessionOptions: InferenceSession.SessionOptions = {
  interOpNumThreads: 1,
  intraOpNumThreads: 1,
  executionMode: 'sequential',
};

/** Inference on the calling thread (deterministic under an injected clock: tests use it). */
export class InlineSileroRunner implements SileroRunner {
  private readonly rates = new Map<number, Tensor>();

  private constructor(private readonly session: InferenceSession) {}

  static async load(modelPath: string): Promise<InlineSileroRunner> {
    return new InlineSileroRunner(await InferenceSession.create(modelPath, sessionOptions));
  }

  async run(b: SileroBatch): Promise<void> {
    let sr = this.rates.get(b.sampleRate);
    if (!sr) {
      sr = new Tensor('int64', BigInt64Array.from([BigInt(b.sampleRate)]));
      this.rates.set(b.sampleRate, sr);
    }
    const out = await this.session.run({
      // onnxruntime takes no shared memory: copy the batch out of the arena.
      input: new Tensor('float32', new Float32Array(b.input), [b.n, b.input.length / b.n]),
      state: new Tensor('float32', new Float32Array(b.state), [2, b.n, 128]),
      sr,
    });
    b.probs.set(out.output!.data as Float32Array);
    b.next.set(out.stateN!.data as Float32Array);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

type Reply = { id: number } | { id: number; error: string };

/**
 * Inference on a worker thread: batches in shared memory are read and written in place, so the
 * event loop only posts a small message per batch and with hundreds of calls the model's CPU lands
 * on another core. A dead worker fails its pending batches
 * (those calls' VAD errors) and the next batch starts a new one.
 */
export class WorkerSileroRunner implements SileroRunner {
  private worker: Worker | undefined;
  private ready: Promise<void> = Promise.resolve();
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void }>();

  constructor(private readonly modelPath: string) {}

  /** Start the worker and wait until its model is loaded. */
  async start(): Promise<void> {
    this.spawn();
    await this.ready;
  }

  async run(b: SileroBatch): Promise<void> {
    const w = this.spawn();
    const id = ++this.seq;
    const reply = await new Promise<Reply>((resolve) => {
      this.pending.set(id, { resolve });
      w.ref();
      w.postMessage({ id, ...b });
    });
    if ('error' in reply) throw new Error(`Silero VAD: ${reply.error}`);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./silero-worker.mjs', import.meta.url), {
      workerData: { modelPath: this.modelPath },
    });
    this.worker = w;
    let loaded = () => {};
    let failed = (_e: Error) => {};
    this.ready = new Promise<void>((resolve, reject) => {
      loaded = resolve;
      failed = reject;
    });
    this.ready.catch(() => {}); // a load failure also fails every batch sent to this worker
    w.unref();
    w.on('message', (m: Reply | { ready: true }) => {
      if ('ready' in m) return loaded();
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      p.resolve(m);
    });
    const fail = (e: Error) => {
      failed(e);
      if (this.worker === w) this.worker = undefined;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.resolve({ id, error: `worker stopped: ${e.message}` });
      }
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return w;
  }
}
