import { parleyNodeArgs, runJsonChild, spawnTs } from '../lib/processes.ts';
import { median, type Summary } from '../lib/stats.ts';
import type { ProcessUsage, TurnSummary } from './turn-metrics.ts';

/** One run of a scenario runner (a fresh process with N calls). */
export type PointRun = TurnSummary &
  ProcessUsage & {
    calls: number;
    endpointing_ms: number;
    /** Parley's own end-of-turn delay per turn (VAD end of speech → turn committed); the peer reports none. */
    server_eou_ms?: Summary;
    /** Parley's own per-turn stages as its engine timed them; the peer reports none. */
    server_stages_ms?: Record<ServerStage, Summary>;
  };

/** The per-turn stages Parley's engine times itself (its `latency.events`). */
export const serverStages = ['eou_delay', 'llm_ttft', 'tts_ttfb'] as const;
export type ServerStage = (typeof serverStages)[number];

/** Medians over the runs at one N. */
export interface PeerPoint {
  calls: number;
  runs: PointRun[];
  overhead_p50_ms: number;
  overhead_p90_ms: number;
  overhead_p99_ms: number;
  e2e_p50_ms: number;
  cpu_pct_of_one_core: number;
  rss_mb_peak: number;
  missed_turns_pct: number;
  underrun_pct: number;
  /** Gaps over 40 ms between hand-offs, where the runner times hand-offs apart from what is heard (Parley's engine from stop 36). */
  handoff_gap_pct?: number;
  pacing_jitter_p99_ms: number;
  event_loop_delay_p99_ms: number;
  barge_in_p50_ms: number;
  barge_in_p99_ms: number;
  barge_ins_missed_pct: number;
  /** Medians of the runs' server end-of-turn delay, where the runner reports it. */
  server_eou_p50_ms?: number;
  server_eou_p99_ms?: number;
  /** Medians of the runs' per-stage p50 / p90 / p99, where the runner reports them. */
  server_stages?: Record<ServerStage, { p50: number; p90: number; p99: number }>;
}

export function pointOf(calls: number, runs: PointRun[]): PeerPoint {
  const m = (f: (r: PointRun) => number) => median(runs.map(f));
  return {
    calls,
    runs,
    overhead_p50_ms: m((r) => r.overhead_ms.p50),
    overhead_p90_ms: m((r) => r.overhead_ms.p90),
    overhead_p99_ms: m((r) => r.overhead_ms.p99),
    e2e_p50_ms: m((r) => r.e2e_ms.p50),
    cpu_pct_of_one_core: m((r) => r.cpu_pct_of_one_core),
    rss_mb_peak: m((r) => r.rss_mb_peak),
    missed_turns_pct: m((r) => (r.turns ? (100 * r.missed_turns) / r.turns : 0)),
    underrun_pct: m((r) => r.underrun_pct),
    ...(runs.every((r) => r.handoff_gap_pct !== undefined)
      ? { handoff_gap_pct: m((r) => r.handoff_gap_pct!) }
      : {}),
    pacing_jitter_p99_ms: m((r) => r.pacing_jitter_p99_ms),
    event_loop_delay_p99_ms: m((r) => r.event_loop_delay_p99_ms),
    barge_in_p50_ms: m((r) => r.barge_in_ms?.p50 ?? Number.NaN),
    barge_in_p99_ms: m((r) => r.barge_in_ms?.p99 ?? Number.NaN),
    barge_ins_missed_pct: m((r) => (r.barge_ins ? (100 * r.barge_ins_missed) / r.barge_ins : Number.NaN)),
    ...(runs.every((r) => r.server_eou_ms)
      ? {
          server_eou_p50_ms: m((r) => r.server_eou_ms!.p50),
          server_eou_p99_ms: m((r) => r.server_eou_ms!.p99),
        }
      : {}),
    ...(runs.every((r) => r.server_stages_ms)
      ? {
          server_stages: Object.fromEntries(
            serverStages.map((k) => [
              k,
              {
                p50: m((r) => r.server_stages_ms![k].p50),
                p90: m((r) => r.server_stages_ms![k].p90),
                p99: m((r) => r.server_stages_ms![k].p99),
              },
            ]),
          ) as NonNullable<PeerPoint['server_stages']>,
        }
      : {}),
  };
}

/** One run of a runner entry point (`tsx <entry> <calls>`) in its own process; Parley's with `npm start`'s Node flags. */
export function runOnce(entry: string, calls: number): Promise<PointRun> {
  const nodeArgs = entry === runners.parley ? parleyNodeArgs() : [];
  return runJsonChild<PointRun>(spawnTs(entry, { args: [String(calls)], nodeArgs }));
}

/** A system is broken at a point when most turns are missed or replies come seconds late. */
export const broken = (p: PeerPoint) => p.missed_turns_pct > 50 || p.overhead_p99_ms > 5000;

/**
 * The N after `last` once the listed steps are done: double it while the system is not broken,
 * up to `cap` (none: the listed steps only). This is how a bench runs "until it breaks".
 */
export function nextStep(
  listed: readonly number[],
  last: PeerPoint,
  cap: number | undefined,
): number | undefined {
  if (cap === undefined || last.calls < Math.max(...listed) || broken(last)) return undefined;
  const next = last.calls * 2;
  return next <= cap ? next : undefined;
}

/** Runners of the reference scenario. */
export const runners = {
  parley: 'bench/engine/engine-run.ts',
  livekit: 'bench/peers/livekit/peer-run.ts',
} as const;
