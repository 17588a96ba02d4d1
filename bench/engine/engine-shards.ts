/**
 * Parley's engine on every core: one run of N calls split over processes of N / k calls each (as
 * k nodes on one machine), started together, their per-turn records merged into one summary.
 */
import { parleyNodeArgs, runJsonChild, spawnTs } from '../lib/processes.ts';
import { round, type Summary, summarize } from '../lib/stats.ts';
import { type CallerScript, configuredPathMs } from '../scenario/caller-script.ts';
import { type PointRun, type ServerStage, serverStages } from '../scenario/point-bench.ts';
import {
  type BargeRecord,
  type FrameTimes,
  type ProcessUsage,
  summarizeTurns,
  type TurnRecord,
} from '../scenario/turn-metrics.ts';

/** What one shard saw, unsummarised (times on its own monotonic clock: only differences are used). */
export interface ShardRecords {
  turns: TurnRecord[];
  agentTurns: FrameTimes[];
  /** When each frame was handed over (absent in runs before stop 36, whose `agentTurns` are hand-offs). */
  agentHandoffs?: FrameTimes[];
  barges: BargeRecord[];
  stages: Record<ServerStage, number[]>;
}

interface ShardRun extends ProcessUsage {
  calls: number;
  endpointing_ms: number;
  /** How late this shard reached the common start (0: it waited for it). */
  late_start_ms: number;
  records: ShardRecords;
}

/** A run of several processes: the PointRun of all its calls, and how it was split. */
export type ShardedRun = PointRun & { processes: number; late_start_ms: number };

/** Time to load every shard (VAD model, caller audio) before the common start. */
const leadMs = 10_000;

const ms = (v: number) => Math.round(v * 100) / 100;

export function shardRecords(
  scripts: readonly CallerScript[],
  stages: Record<ServerStage, number[]>,
): ShardRecords {
  return {
    turns: scripts.flatMap((s) => s.turns).map((t) => ({ ...t, speechEndAt: ms(t.speechEndAt) })),
    agentTurns: scripts.flatMap((s) => s.agentTurns).map((f) => f.map(ms)),
    agentHandoffs: scripts.flatMap((s) => s.agentHandoffs).map((f) => f.map(ms)),
    barges: scripts.flatMap((s) => s.barges),
    stages,
  };
}

export function summarizeStages(stages: Record<ServerStage, number[]>): Record<ServerStage, Summary> {
  return Object.fromEntries(serverStages.map((k) => [k, summarize(stages[k])])) as Record<
    ServerStage,
    Summary
  >;
}

/** Split `n` calls over `k` processes as evenly as they go. */
export const shardSizes = (n: number, k: number) =>
  Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0)).filter((c) => c > 0);

/** One run of `calls` calls over `processes` engine processes, with `npm start`'s Node flags. */
export async function runShards(entry: string, calls: number, processes: number): Promise<ShardedRun> {
  const startAt = Date.now() + leadMs;
  const shards = await Promise.all(
    shardSizes(calls, processes).map((n) =>
      runJsonChild<ShardRun>(
        spawnTs(entry, {
          args: [String(n), '--raw', `--start-at=${startAt}`],
          nodeArgs: parleyNodeArgs(),
        }),
      ),
    ),
  );
  return mergeShards(shards);
}

/** The shards' records as one run: turns pooled, CPU and RSS added up, the worst event loop. */
export function mergeShards(shards: readonly ShardRun[]): ShardedRun {
  const endpointing = shards[0]!.endpointing_ms;
  const all = <T>(f: (r: ShardRecords) => T[]) => shards.flatMap((s) => f(s.records));
  const stages = Object.fromEntries(serverStages.map((k) => [k, all((r) => r.stages[k])])) as Record<
    ServerStage,
    number[]
  >;
  const sum = (f: (s: ShardRun) => number) =>
    round(
      shards.reduce((a, s) => a + f(s), 0),
      1,
    );
  return {
    calls: shards.reduce((a, s) => a + s.calls, 0),
    processes: shards.length,
    late_start_ms: Math.max(...shards.map((s) => s.late_start_ms)),
    endpointing_ms: endpointing,
    ...summarizeTurns(
      all((r) => r.turns),
      all((r) => r.agentTurns),
      configuredPathMs(endpointing),
      all((r) => r.barges),
      all((r) => r.agentHandoffs ?? r.agentTurns),
    ),
    cpu_pct_of_one_core: sum((s) => s.cpu_pct_of_one_core),
    rss_mb_avg: sum((s) => s.rss_mb_avg),
    rss_mb_peak: sum((s) => s.rss_mb_peak),
    event_loop_delay_p99_ms: Math.max(...shards.map((s) => s.event_loop_delay_p99_ms)),
    server_eou_ms: summarize(stages.eou_delay),
    server_stages_ms: summarizeStages(stages),
  };
}
