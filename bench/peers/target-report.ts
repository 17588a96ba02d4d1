/** The headline figure (the largest N meeting the overhead target), shared by the engine and capacity summaries. */
import { targetOverheadP99Ms } from '../engine/engine-bench.ts';
import { round } from '../lib/stats.ts';
import type { PeerPoint } from '../scenario/point-bench.ts';

/** A share in %, with the smallest non-zero ones shown as such rather than rounded to 0. */
export const pct = (v: number) => (v > 0 && v < 0.01 ? '< 0.01 %' : `${round(v, 2)} %`);

export const targetLabel = `Largest N meeting the target, overhead p99 ≤ ${targetOverheadP99Ms} ms with zero underruns and no missed turn`;

/** The figure: the largest N meeting the target, and a larger one that meets it but for underruns. */
export function largestMeetingTarget(pts: readonly PeerPoint[]): string {
  const largest = (underruns: boolean) =>
    pts
      .filter((p) => p.missed_turns_pct === 0 && p.overhead_p99_ms <= targetOverheadP99Ms)
      .filter((p) => !underruns || p.underrun_pct === 0)
      .at(-1);
  const strict = largest(true);
  const loose = largest(false);
  const more =
    loose && loose.calls > (strict?.calls ?? 0)
      ? ` (${loose.calls} with ${pct(loose.underrun_pct)} underruns)`
      : '';
  return `${strict ? strict.calls : 'none of its N'}${more}`;
}
