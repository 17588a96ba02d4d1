import { parentPort } from 'node:worker_threads';
import { IngestError } from '../domain/knowledge-base/ingest-error.ts';
import { inProcessExtraction, type TextExtraction } from './text-extraction.ts';

/** Worker side of WorkerExtraction: one message per task, every failure answered, never thrown. */
export interface ExtractionTask {
  id: number;
  op: keyof TextExtraction;
  args: unknown[];
}
export type ExtractionReply =
  | { id: number; result: unknown }
  | { id: number; error: { message: string; ingest: boolean } };

parentPort?.on('message', async (task: ExtractionTask) => {
  let reply: ExtractionReply;
  try {
    const fn = inProcessExtraction[task.op] as (...a: unknown[]) => Promise<unknown>;
    reply = { id: task.id, result: await fn(...task.args) };
  } catch (e) {
    reply = {
      id: task.id,
      error: { message: (e as Error).message ?? String(e), ingest: e instanceof IngestError },
    };
  }
  parentPort!.postMessage(reply);
});
