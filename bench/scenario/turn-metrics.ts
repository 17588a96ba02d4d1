import { monitorEventLoopDelay } from 'node:perf_hooks';
import { round, summarize } from '../lib/stats.ts';
import { reference } from './reference.ts';

/** One caller turn as the bench saw it, on one monotonic clock (ms). */
export interface TurnRecord {
  call: number;
  turn: number;
  speechEndAt: number;
  /** First agent audio frame handed to the transport/output for this turn. */
  firstAudioAt?: number | undefined;
}

/** A barge-in: the caller's speech onset over agent audio, and when the agent's output was cleared. */
export interface BargeRecord {
  call: number;
  onsetAt: number;
  clearedAt?: number | undefined;
}

/** Agent frame times of one agent turn: when each is heard, or when each was handed over. */
export type FrameTimes = number[];

export interface TurnSummary {
  turns: number;
  missed_turns: number;
  configured_path_ms: number;
  e2e_ms: ReturnType<typeof summarize>;
  overhead_ms: ReturnType<typeof summarize>;
  /** Overhead of each call's second and later turns: none of them can wait on the call's setup. */
  later_overhead_ms: ReturnType<typeof summarize>;
  /** Of the gaps between frames as heard. */
  pacing_jitter_p99_ms: number;
  agent_frames: number;
  /** Gaps over 40 ms in what the caller hears. */
  underruns: number;
  underrun_pct: number;
  /** Gaps over 40 ms between hand-offs, where hand-off times were given apart from when frames are heard. */
  handoff_gaps?: number;
  handoff_gap_pct?: number;
  /** Caller speech onset over the agent's reply → the agent's output cleared. */
  barge_in_ms: ReturnType<typeof summarize>;
  barge_ins: number;
  barge_ins_missed: number;
}

/** Gaps between consecutive frames of every turn: their count, how many exceed 40 ms, and the jitter. */
function pacing(agentTurns: readonly FrameTimes[], jitter?: number[]): { gaps: number; over: number } {
  let gaps = 0;
  let over = 0;
  for (const times of agentTurns)
    for (let i = 1; i < times.length; i++) {
      const gap = times[i]! - times[i - 1]!;
      gaps++;
      jitter?.push(Math.abs(gap - reference.frameMs));
      if (gap > reference.underrunGapMs) over++;
    }
  return { gaps, over };
}

const share = (n: number, of: number) => (of ? round((n / of) * 100, 3) : 0);

/**
 * e2e, overhead (e2e − configured path), missed turns, and 20 ms pacing over every agent turn:
 * jitter and underruns from when frames are heard (`agentTurns`), and gaps between `handoffs` where given.
 */
export function summarizeTurns(
  turns: readonly TurnRecord[],
  agentTurns: readonly FrameTimes[],
  configuredPathMs: number,
  barges: readonly BargeRecord[] = [],
  handoffs?: readonly FrameTimes[],
): TurnSummary {
  const e2e: number[] = [];
  const later: number[] = [];
  let missed = 0;
  for (const t of turns) {
    if (t.firstAudioAt === undefined || t.firstAudioAt - t.speechEndAt > reference.missedTurnMs) missed++;
    else {
      e2e.push(t.firstAudioAt - t.speechEndAt);
      if (t.turn > 0) later.push(t.firstAudioAt - t.speechEndAt - configuredPathMs);
    }
  }
  const jitter: number[] = [];
  const heard = pacing(agentTurns, jitter);
  const handed = handoffs && pacing(handoffs);
  const frames = agentTurns.reduce((n, times) => n + times.length, 0);
  const reaction: number[] = [];
  let bargeMissed = 0;
  for (const b of barges) {
    const ms = b.clearedAt === undefined ? Number.POSITIVE_INFINITY : b.clearedAt - b.onsetAt;
    if (ms > reference.bargeMissedMs) bargeMissed++;
    else reaction.push(ms);
  }
  return {
    turns: turns.length,
    missed_turns: missed,
    configured_path_ms: configuredPathMs,
    e2e_ms: summarize(e2e),
    overhead_ms: summarize(e2e.map((v) => v - configuredPathMs)),
    later_overhead_ms: summarize(later),
    pacing_jitter_p99_ms: summarize(jitter).p99,
    agent_frames: frames,
    underruns: heard.over,
    underrun_pct: share(heard.over, heard.gaps),
    ...(handed ? { handoff_gaps: handed.over, handoff_gap_pct: share(handed.over, handed.gaps) } : {}),
    barge_in_ms: summarize(reaction),
    barge_ins: barges.length,
    barge_ins_missed: bargeMissed,
  };
}

export interface ProcessUsage {
  cpu_pct_of_one_core: number;
  rss_mb_avg: number;
  rss_mb_peak: number;
  event_loop_delay_p99_ms: number;
}

/** CPU, RSS and event-loop delay of this process over a measured window. */
export class ProcessMeter {
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private cpu0 = process.cpuUsage();
  private t0 = performance.now();
  private readonly rss: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.cpu0 = process.cpuUsage();
    this.t0 = performance.now();
    this.loop.reset();
    this.loop.enable();
    this.timer = setInterval(() => this.rss.push(process.memoryUsage.rss()), 1000);
    this.timer.unref();
  }

  stop(): ProcessUsage {
    clearInterval(this.timer);
    this.loop.disable();
    const cpu = process.cpuUsage(this.cpu0);
    const wall = performance.now() - this.t0;
    this.rss.push(process.memoryUsage.rss());
    const mb = (b: number) => round(b / 2 ** 20, 1);
    return {
      cpu_pct_of_one_core: round(((cpu.user + cpu.system) / 1000 / wall) * 100, 1),
      rss_mb_avg: mb(this.rss.reduce((a, b) => a + b, 0) / this.rss.length),
      rss_mb_peak: mb(Math.max(...this.rss)),
      event_loop_delay_p99_ms: round(this.loop.percentile(99) / 1e6, 2),
    };
  }
}
