import type { SoakSpec } from './soak-run.ts';
import type { SoakSample } from './soak-samples.ts';
import { prepareTwilioBench, runPeerWith } from './twilio-bench.ts';

export interface SoakResult {
  calls: number;
  failed: number;
  seconds: number;
  rss_mb_per_1000_calls: number;
  heap_mb_per_1000_calls: number;
  /** Absent before stop 31's second soak. */
  workers_heap_mb_per_1000_calls?: number;
  fds_per_1000_calls: number;
  first: SoakSample;
  last: SoakSample;
  samples: SoakSample[];
}

/** `count` short Twilio calls one after another against one server; live heap, RSS and fd slopes. */
export async function soakBench(o: { count: number; log: (line: string) => void }): Promise<SoakResult> {
  const bench = await prepareTwilioBench();
  try {
    const server = await bench.start(0, { heapProbe: true });
    try {
      const spec: SoakSpec = {
        serverUrl: server.url,
        ...bench.line,
        count: o.count,
        every: Math.max(10, Math.round(o.count / 50)),
        serverPid: server.child.pid!,
        heapProbeFile: server.heapProbeFile!,
      };
      const r = await runPeerWith<SoakResult>('bench/capacity/soak-run.ts', spec);
      o.log(
        `  soak: ${r.calls} calls in ${r.seconds} s (${r.failed} failed); live heap ${r.first.heap_mb} → ${r.last.heap_mb} MB (${r.heap_mb_per_1000_calls} MB per 1000 calls after the first 10 %), workers' ${r.first.workers_heap_mb} → ${r.last.workers_heap_mb} MB (${r.workers_heap_mb_per_1000_calls} MB); RSS ${r.first.rss_mb} → ${r.last.rss_mb} MB (${r.rss_mb_per_1000_calls} MB); fds ${r.first.fds} → ${r.last.fds}`,
      );
      return r;
    } finally {
      await server.stop();
    }
  } finally {
    await bench.close();
  }
}
