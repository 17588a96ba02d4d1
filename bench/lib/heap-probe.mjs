// Preloaded into a benched server started with `--expose-gc` (`node --import`, so in its worker threads
// too): on SIGWINCH, a full collection on the main thread and in every worker that answers within
// `answerMs`, then the live heaps written to HEAP_PROBE_FILE (numbered, so the bench knows its own
// request was served). SIGUSR1 is the inspector's and SIGUSR2 the loop probe's.
import fs from 'node:fs';
import v8 from 'node:v8';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

const file = process.env.HEAP_PROBE_FILE;
const answerMs = 1000;
const mb = (bytes) => Math.round(bytes / 2 ** 17) / 8;

/** A full collection of this thread's heap, then what is left. */
function collect() {
  globalThis.gc();
  const h = v8.getHeapStatistics();
  return { used: h.used_heap_size, total: h.total_heap_size, external: h.external_memory };
}

if (file) {
  if (typeof globalThis.gc !== 'function') throw new Error('heap-probe.mjs needs node --expose-gc');
  const channel = new BroadcastChannel('parley-heap-probe');
  channel.unref();
  if (isMainThread) {
    let seq = 0;
    let pending;
    channel.onmessage = ({ data }) => {
      if (pending && data.seq === pending.seq) pending.workers.set(data.thread, data.heap);
    };
    process.on('SIGWINCH', () => {
      if (pending) return;
      const main = collect();
      pending = { seq: ++seq, workers: new Map() };
      channel.postMessage({ seq: pending.seq });
      setTimeout(() => {
        const workers = [...pending.workers.values()];
        const sum = (k) => workers.reduce((a, w) => a + w[k], 0);
        const out = {
          seq: pending.seq,
          heap_used_mb: mb(main.used),
          heap_total_mb: mb(main.total),
          external_mb: mb(main.external),
          array_buffers_mb: mb(process.memoryUsage().arrayBuffers),
          workers: workers.length,
          workers_heap_used_mb: mb(sum('used')),
          workers_heap_total_mb: mb(sum('total')),
          workers_external_mb: mb(sum('external')),
        };
        pending = undefined;
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(out));
        fs.renameSync(`${file}.tmp`, file);
      }, answerMs).unref();
    });
  } else {
    // Other workers' answers reach this channel too: answer only the main thread's requests.
    channel.onmessage = ({ data }) => {
      if (data.thread === undefined)
        channel.postMessage({ seq: data.seq, thread: threadId, heap: collect() });
    };
  }
}
