import type { CapacityPoint } from '../capacity/capacity-bench.ts';
import { targetOverheadP99Ms } from '../engine/engine-bench.ts';
import { table } from '../lib/results.ts';
import { round } from '../lib/stats.ts';

/**
 * The overhead with first agent audio out where performance.md puts it (the server's send of a
 * reply's first media message, `bench/lib/media-probe.mjs`) beside the hop to the caller; empty for
 * results from before the probe.
 */
export function handoffMarkdown(points: readonly CapacityPoint[]): string[] {
  const measured = points.filter((p) => p.handoff);
  if (!measured.length) return [];
  const meeting = measured
    .filter((p) => p.missed_turns_pct === 0 && p.underrun_pct === 0)
    .filter((p) => p.handoff!.overhead_p99_ms <= targetOverheadP99Ms)
    .at(-1);
  return [
    `The same turns with first agent audio out where performance.md defines it: the server's WebSocket send of each reply's first media message (a probe preloaded into the server, \`bench/lib/media-probe.mjs\`, on the machine's clock), ms; the hop is that send → the load peer's receipt of the message (loopback and both event loops). Largest N meeting the target so (p99 ≤ ${targetOverheadP99Ms} ms, zero underruns, no missed turn): ${meeting ? meeting.calls : 'none of its N'}.`,
    '',
    table(
      [
        'N calls',
        'overhead at the send p50 / p90 / p99',
        "p99 after each call's first turn",
        'hop to the caller p50 / p99',
      ],
      measured.map((p) => {
        const h = p.handoff!;
        return [
          p.calls,
          `${round(h.overhead_p50_ms, 1)} / ${round(h.overhead_p90_ms, 1)} / ${round(h.overhead_p99_ms, 1)}`,
          round(h.later_overhead_p99_ms, 1),
          `${round(h.hop_p50_ms, 1)} / ${round(h.hop_p99_ms, 1)}`,
        ];
      }),
    ),
    '',
  ];
}
