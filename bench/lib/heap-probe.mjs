// Preloaded into a benched server started with `--expose-gc` (`node --import`): on SIGWINCH, a full
// collection on the main thread, then its live heap written to HEAP_PROBE_FILE (numbered, so the
// bench knows its own request was served). SIGUSR1 is the inspector's and SIGUSR2 the loop probe's.
import fs from 'node:fs';
import v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const file = process.env.HEAP_PROBE_FILE;
if (file && isMainThread) {
  if (typeof globalThis.gc !== 'function') throw new Error('heap-probe.mjs needs node --expose-gc');
  let seq = 0;
  process.on('SIGWINCH', () => {
    globalThis.gc();
    const h = v8.getHeapStatistics();
    const mb = (bytes) => Math.round(bytes / 2 ** 17) / 8;
    const out = {
      seq: ++seq,
      heap_used_mb: mb(h.used_heap_size),
      heap_total_mb: mb(h.total_heap_size),
      external_mb: mb(h.external_memory),
      array_buffers_mb: mb(process.memoryUsage().arrayBuffers),
    };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(out));
    fs.renameSync(`${file}.tmp`, file);
  });
}
