import { prepareTwilioBench, runPeerWith } from './capacity-bench.ts';
import type { SoakSpec } from './soak-run.ts';

export interface SoakResult {
  calls: number;
  failed: number;
  seconds: number;
  rss_mb_per_1000_calls: number;
  fds_per_1000_calls: number;
  first: { calls: number; rss_mb: number; fds: number };
  last: { calls: number; rss_mb: number; fds: number };
  samples: { calls: number; rss_mb: number; fds: number }[];
}

/** `count` short Twilio calls one after another against one server; RSS and fd slopes. */
export async function soakBench(o: { count: number; log: (line: string) => void }): Promise<SoakResult> {
  const bench = await prepareTwilioBench();
  try {
    const server = await bench.start();
    try {
      const spec: SoakSpec = {
        serverUrl: server.url,
        ...bench.line,
        count: o.count,
        every: Math.max(10, Math.round(o.count / 50)),
        serverPid: server.child.pid!,
      };
      const r = await runPeerWith<SoakResult>('bench/capacity/soak-run.ts', spec);
      o.log(
        `  soak: ${r.calls} calls in ${r.seconds} s (${r.failed} failed); RSS ${r.first.rss_mb} → ${r.last.rss_mb} MB (${r.rss_mb_per_1000_calls} MB per 1000 calls over the second half); fds ${r.first.fds} → ${r.last.fds}`,
      );
      return r;
    } finally {
      await server.stop();
    }
  } finally {
    await bench.close();
  }
}
