import { Worker } from 'node:worker_threads';
import type { Chunk, TextSection } from '../domain/knowledge-base/chunking.ts';
import { IngestError } from '../domain/knowledge-base/ingest-error.ts';
import type { FileKind } from '../domain/knowledge-base/knowledge-base.ts';
import type { ExtractionReply, ExtractionTask } from './extraction-worker.ts';
import type { TextExtraction } from './text-extraction.ts';
import type { HtmlPage } from './web/html-text.ts';

const entry = new URL('./extraction-worker-entry.mjs', import.meta.url);

/**
 * TextExtraction on a worker thread, so parsing a 50 MiB PDF never stalls the event loop that
 * carries live call audio. One long-lived worker, started on first use and unref'd (it never keeps
 * the process alive while idle); if it dies, pending tasks fail (the job queue retries) and the next task
 * starts a new one.
 */
export class WorkerExtraction implements TextExtraction {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  document(fileName: string, kind: FileKind, bytes: Uint8Array): Promise<TextSection[]> {
    const copy = bytes.slice();
    return this.run('document', [fileName, kind, copy], [copy.buffer]) as Promise<TextSection[]>;
  }

  html(html: string, url: string): Promise<HtmlPage> {
    return this.run('html', [html, url]) as Promise<HtmlPage>;
  }

  chunk(sections: TextSection[], chunkSize: number): Promise<{ chunks: Chunk[]; tokens: number }> {
    return this.run('chunk', [sections, chunkSize]) as Promise<{ chunks: Chunk[]; tokens: number }>;
  }

  /** Stop the worker (tests, shutdown); a later task starts a new one. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private run(op: ExtractionTask['op'], args: unknown[], transfer: ArrayBuffer[] = []): Promise<unknown> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const w = this.start();
      w.ref(); // keep the process alive while a task is in flight
      w.postMessage({ id, op, args } satisfies ExtractionTask, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(entry);
    w.unref();
    w.on('message', (reply: ExtractionReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) w.unref();
      if ('result' in reply) p.resolve(reply.result);
      else
        p.reject(reply.error.ingest ? new IngestError(reply.error.message) : new Error(reply.error.message));
    });
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new Error(`text extraction worker stopped: ${e.message}`));
      }
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = w;
    return w;
  }
}
