import { Worker } from 'node:worker_threads';

type Reply = { id: number; reply?: Uint8Array; error?: string };

/** Where the wire protocol goes on the embedded store: frontend message bytes in, the reply's bytes out. */
export interface PgliteBackend {
  exec(message: Uint8Array): Promise<Uint8Array>;
}

/**
 * PGlite on a worker thread (`pglite-worker.mjs`). A query's WASM work then runs on another core
 * instead of the event loop that paces every call's audio; the loop only posts the message bytes
 * and reads the reply. The worker is held open only while a request is pending, so an unclosed
 * store never keeps a process alive. A worker that dies fails every pending and later request.
 */
export class PgliteWorker implements PgliteBackend {
  private seq = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: Uint8Array) => void; reject: (e: Error) => void }
  >();
  private stopped: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply | { ready: true }) => {
      if ('ready' in m) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.error !== undefined) p.reject(new Error(`the embedded store (PGlite) failed: ${m.error}`));
      else p.resolve(m.reply ?? new Uint8Array(0));
    });
    const stop = (e: Error) => {
      this.stopped ??= e;
      for (const p of this.pending.values()) p.reject(this.stopped);
      this.pending.clear();
    };
    worker.on('error', (e) => stop(new Error(`the embedded store (PGlite) stopped: ${e.message}`)));
    worker.on('exit', () => stop(new Error('the embedded store (PGlite) is closed')));
  }

  /** Start PGlite in a worker on `dir` (memory when absent), optionally from a `dumpDataDir` tarball. */
  static async start(opts: {
    dir?: string | undefined;
    loadDataDir?: Blob | undefined;
  }): Promise<PgliteWorker> {
    const dump = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : undefined;
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData: { dataDir: opts.dir, loadDataDir: dump },
      ...(dump ? { transferList: [dump] } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (e: unknown) =>
        reject(new Error(`the embedded store (PGlite) did not start: ${String(e)}`));
      worker.once('message', () => {
        worker.off('error', failed);
        worker.off('exit', failed);
        resolve();
      });
      worker.once('error', failed);
      worker.once('exit', failed);
    });
    worker.unref();
    return new PgliteWorker(worker);
  }

  exec(message: Uint8Array): Promise<Uint8Array> {
    return this.request({ op: 'exec', message });
  }

  /** The data directory as a tarball (`PGlite.dumpDataDir`), e.g. a migrated template for tests. */
  async dumpDataDir(compression: 'gzip' | 'none' = 'gzip'): Promise<Blob> {
    return new Blob([(await this.request({ op: 'dump', compression })) as Uint8Array<ArrayBuffer>]);
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.request({ op: 'close' });
    await this.worker.terminate();
  }

  private request(
    m: { op: 'exec'; message: Uint8Array } | { op: 'dump'; compression: string } | { op: 'close' },
  ) {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = ++this.seq;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ...m });
    });
  }
}
