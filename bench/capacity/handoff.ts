import { readProbeFile } from '../lib/probe-file.ts';
import { median, round, type Summary, summarize } from '../lib/stats.ts';
import { reference } from '../scenario/reference.ts';
import type { TurnRecord } from '../scenario/turn-metrics.ts';

/** What `bench/lib/media-probe.mjs` writes: each stream's reply starts, epoch ms (`performance.timeOrigin` + now). */
export interface MediaProbe {
  starts: Record<string, number[]>;
}

/**
 * The overhead as performance.md defines it: first agent audio out is the server's WebSocket send of
 * a reply's first media message, not the caller's receipt of it; and the hop between the two.
 */
export interface HandoffSummary {
  /** Turns whose reply start the probe saw. */
  turns: number;
  overhead_ms: Summary;
  /** Of each call's second and later turns. */
  later_overhead_ms: Summary;
  /** The server's send → the caller's receipt of the same first media message (loopback, both event loops). */
  hop_ms: Summary;
}

/** Medians over a point's runs, ms. */
export interface HandoffPoint {
  overhead_p50_ms: number;
  overhead_p90_ms: number;
  overhead_p99_ms: number;
  later_overhead_p99_ms: number;
  hop_p50_ms: number;
  hop_p99_ms: number;
}

/** One caller's stream and turns, on the load peer's `performance.now()` clock. */
export interface CallerTurns {
  streamSid: string;
  turns: readonly TurnRecord[];
}

/**
 * Each answered turn's server send: the stream's latest reply start at or before the caller heard
 * the reply and after its speech ended (`timeOrigin` puts the probe's epoch times on this clock).
 */
export function handoffSummary(
  callers: readonly CallerTurns[],
  probe: MediaProbe,
  configuredPathMs: number,
  timeOrigin: number,
): HandoffSummary {
  const overhead: number[] = [];
  const later: number[] = [];
  const hop: number[] = [];
  for (const c of callers) {
    const starts = (probe.starts[c.streamSid] ?? []).map((t) => t - timeOrigin);
    for (const t of c.turns) {
      const heard = t.firstAudioAt;
      if (heard === undefined || heard - t.speechEndAt > reference.missedTurnMs) continue;
      const sent = starts.filter((s) => s >= t.speechEndAt && s <= heard).at(-1);
      if (sent === undefined) continue;
      overhead.push(sent - t.speechEndAt - configuredPathMs);
      if (t.turn > 0) later.push(sent - t.speechEndAt - configuredPathMs);
      hop.push(heard - sent);
    }
  }
  return {
    turns: overhead.length,
    overhead_ms: summarize(overhead),
    later_overhead_ms: summarize(later),
    hop_ms: summarize(hop),
  };
}

/** Merge the nodes' probe files (each stream is on one node); undefined when one was not written within 5 s. */
export async function readMediaProbes(files: readonly string[]): Promise<MediaProbe | undefined> {
  const deadline = Date.now() + 5000;
  const starts: Record<string, number[]> = {};
  for (const f of files) {
    const probe = await readProbeFile<MediaProbe>(f, deadline);
    if (probe === undefined) return undefined;
    Object.assign(starts, probe.starts);
  }
  return { starts };
}

export function handoffPoint(runs: readonly (HandoffSummary | undefined)[]): HandoffPoint | undefined {
  const got = runs.filter((r): r is HandoffSummary => r !== undefined && r.turns > 0);
  if (!got.length) return undefined;
  const m = (f: (r: HandoffSummary) => number) => round(median(got.map(f)));
  return {
    overhead_p50_ms: m((r) => r.overhead_ms.p50),
    overhead_p90_ms: m((r) => r.overhead_ms.p90),
    overhead_p99_ms: m((r) => r.overhead_ms.p99),
    later_overhead_p99_ms: m((r) => r.later_overhead_ms.p99),
    hop_p50_ms: m((r) => r.hop_ms.p50),
    hop_p99_ms: m((r) => r.hop_ms.p99),
  };
}
