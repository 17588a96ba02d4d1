import { describe, expect, it } from 'vitest';
import { capacityTable, laterP99Cell } from '../../bench/peers/peer-report.ts';
import type { PeerPoint, PointRun } from '../../bench/scenario/point-bench.ts';

const run = (laterP99: number | undefined) =>
  ({ later_overhead_ms: laterP99 === undefined ? undefined : { p99: laterP99 } }) as unknown as PointRun;

const point = (runs: PointRun[]): PeerPoint => ({
  calls: 400,
  runs,
  overhead_p50_ms: 0.4,
  overhead_p90_ms: 5.2,
  overhead_p99_ms: 11.3,
  e2e_p50_ms: 600,
  cpu_pct_of_one_core: 110,
  rss_mb_peak: 634,
  missed_turns_pct: 0,
  underrun_pct: 0,
  pacing_jitter_p99_ms: 0,
  event_loop_delay_p99_ms: 13.2,
  barge_in_p50_ms: 121,
  barge_in_p99_ms: 163,
  barge_ins_missed_pct: 0,
});

describe('the overhead p99 after each call first turn', () => {
  it('is the median of the runs', () => {
    expect(laterP99Cell(point([run(7.78), run(7.96), run(12.4)]))).toBe('8');
  });

  it('is a dash for results recorded before it, or with no later turn', () => {
    expect(laterP99Cell(point([run(undefined), run(7.9)]))).toBe('—');
    expect(laterP99Cell(point([run(Number.NaN)]))).toBe('—');
  });

  it('sits beside the overhead in the per-N table', () => {
    const lines = capacityTable([point([run(7.78), run(7.96)])]).split('\n');
    expect(lines[0]).toContain("| overhead p50 / p90 / p99 ms | p99 after each call's first turn ms |");
    expect(lines[2]).toMatch(/^\| 400 \| 0 \/ 5 \/ 11 \| 8 \| 110 \|/);
  });
});
