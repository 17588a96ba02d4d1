import { round } from '../lib/stats.ts';
import {
  broken,
  nextStep,
  type PeerPoint,
  type PointRun,
  pointOf,
  runners,
  runOnce,
} from '../scenario/point-bench.ts';
import { runShards } from './engine-shards.ts';

export interface SideBySide {
  parley: PeerPoint[];
  /** Parley with each run's calls split over several processes (one per core, as nodes on one machine); older results lack it. */
  parley_split?: { processes: number; points: PeerPoint[] };
  livekit: PeerPoint[];
  ratios: Ratios;
}

/** The issue's target: overhead p99 within this bound, with zero underruns. */
export const targetOverheadP99Ms = 10;
/** The largest N served with no missed turn and overhead p99 within this bound. */
export const sustainedOverheadP99Ms = 200;
/** Event-loop delay p99 beyond which a process is taken as starved of CPU by the machine. */
export const starvedLoopMs = 250;

export interface Ratios {
  /** At each N both ran: peer ÷ Parley. */
  at: {
    calls: number;
    /** Null where Parley's overhead is under 1 ms (a ratio to ≈ 0 says nothing); see the differences. */
    overhead_p50: number | null;
    overhead_p99: number | null;
    /** LiveKit − Parley, ms. */
    overhead_p50_diff_ms: number;
    overhead_p99_diff_ms: number;
    e2e_p50: number;
    cpu: number;
    rss: number;
  }[];
  /** Calls one core would carry at the measured CPU per call (100 % ÷ CPU % per call), at the largest common N. */
  calls_per_core: { parley: number; livekit: number; ratio: number; at_calls: number } | null;
  sustained_calls: { parley: number; livekit: number };
}

const sustained = (points: PeerPoint[]) =>
  Math.max(
    0,
    ...points
      .filter((p) => p.missed_turns_pct === 0 && p.overhead_p99_ms <= sustainedOverheadP99Ms)
      .map((p) => p.calls),
  );

const overheadRatio = (peer: number, parley: number) => (parley < 1 ? null : round(peer / parley));

export function ratiosOf(parley: PeerPoint[], livekit: PeerPoint[]): Ratios {
  const at = parley.flatMap((p) => {
    const l = livekit.find((x) => x.calls === p.calls);
    if (!l) return [];
    return [
      {
        calls: p.calls,
        overhead_p50: overheadRatio(l.overhead_p50_ms, p.overhead_p50_ms),
        overhead_p99: overheadRatio(l.overhead_p99_ms, p.overhead_p99_ms),
        overhead_p50_diff_ms: round(l.overhead_p50_ms - p.overhead_p50_ms, 0),
        overhead_p99_diff_ms: round(l.overhead_p99_ms - p.overhead_p99_ms, 0),
        e2e_p50: round(l.e2e_p50_ms / p.e2e_p50_ms),
        cpu: round(l.cpu_pct_of_one_core / p.cpu_pct_of_one_core),
        rss: round(l.rss_mb_peak / p.rss_mb_peak),
      },
    ];
  });
  // Calls per core is read where neither process was starved of CPU (event-loop p99 ≤ 250 ms), past N = 1.
  const fed = (x: PeerPoint | undefined) => x !== undefined && x.event_loop_delay_p99_ms <= starvedLoopMs;
  const common =
    at
      .filter((a) => a.calls > 1)
      .filter(
        (a) => fed(parley.find((x) => x.calls === a.calls)) && fed(livekit.find((x) => x.calls === a.calls)),
      )
      .at(-1) ?? at.at(-1);
  let perCore: Ratios['calls_per_core'] = null;
  if (common) {
    const p = parley.find((x) => x.calls === common.calls)!;
    const l = livekit.find((x) => x.calls === common.calls)!;
    const cores = (x: PeerPoint) => round((100 * x.calls) / x.cpu_pct_of_one_core, 1);
    perCore = {
      parley: cores(p),
      livekit: cores(l),
      ratio: round(cores(p) / cores(l)),
      at_calls: common.calls,
    };
  }
  return {
    at,
    calls_per_core: perCore,
    sustained_calls: { parley: sustained(parley), livekit: sustained(livekit) },
  };
}

/**
 * Parley's engine and LiveKit Agents side by side: at each N the runs alternate between the two
 * (fresh process each), so both meet the same machine; each stops escalating once broken.
 */
export async function engineBench(o: {
  parleySteps: number[];
  peerSteps: number[];
  /** Where Parley also runs split over `processes` processes (none: not measured). */
  splitSteps?: number[];
  processes?: number;
  /** Past the listed steps, double N until broken, up to this many calls (none: the listed steps only). */
  untilBrokenCap?: number | undefined;
  runs: number;
  log: (line: string) => void;
}): Promise<SideBySide> {
  const parley: PeerPoint[] = [];
  const split: PeerPoint[] = [];
  const livekit: PeerPoint[] = [];
  const processes = o.processes ?? 2;
  const splitSteps = o.splitSteps ?? [];
  let parleyBroken = false;
  let splitBroken = false;
  let peerBroken = false;
  // Each system's steps; past its listed ones it goes on doubling N until broken (`untilBrokenCap`).
  const lists = { parley: [...o.parleySteps], split: [...splitSteps], peer: [...o.peerSteps] };
  const grow = (list: number[], listed: number[], p: PeerPoint) => {
    const next = nextStep(listed, p, o.untilBrokenCap);
    if (next !== undefined) list.push(next);
  };
  for (let done = 0; ; ) {
    const pending = [...lists.parley, ...lists.split, ...lists.peer].filter((n) => n > done);
    if (pending.length === 0) break;
    const calls = Math.min(...pending);
    done = calls;
    const doParley = !parleyBroken && lists.parley.includes(calls);
    const doSplit = !splitBroken && lists.split.includes(calls);
    const doPeer = !peerBroken && lists.peer.includes(calls);
    if (!doParley && !doSplit && !doPeer) continue;
    const pr: PointRun[] = [];
    const sr: PointRun[] = [];
    const lr: PointRun[] = [];
    for (let i = 0; i < o.runs; i++) {
      if (doParley) pr.push(await runOnce(runners.parley, calls));
      if (doSplit) sr.push(await runShards(runners.parley, calls, processes));
      if (doPeer) lr.push(await runOnce(runners.livekit, calls));
    }
    const show = (name: string, p: PeerPoint) =>
      o.log(
        `  ${name} N=${calls}: overhead p50/p90/p99 ${p.overhead_p50_ms}/${p.overhead_p90_ms}/${p.overhead_p99_ms} ms, CPU ${p.cpu_pct_of_one_core} %, RSS ${p.rss_mb_peak} MB, missed ${p.missed_turns_pct} %, underruns ${p.underrun_pct} %${p.handoff_gap_pct === undefined ? '' : ` (hand-off gaps ${p.handoff_gap_pct} %)`}, barge-in p50 ${p.barge_in_p50_ms} ms${p.server_eou_p99_ms === undefined ? '' : `, server eou p50/p99 ${p.server_eou_p50_ms}/${p.server_eou_p99_ms} ms`}`,
      );
    if (doParley) {
      const p = pointOf(calls, pr);
      parley.push(p);
      show('parley', p);
      parleyBroken = broken(p);
      grow(lists.parley, o.parleySteps, p);
    }
    if (doSplit) {
      const p = pointOf(calls, sr);
      split.push(p);
      show(`parley (${processes} processes)`, p);
      splitBroken = broken(p);
      grow(lists.split, splitSteps, p);
    }
    if (doPeer) {
      const p = pointOf(calls, lr);
      livekit.push(p);
      show('livekit', p);
      peerBroken = broken(p);
      grow(lists.peer, o.peerSteps, p);
    }
  }
  return {
    parley,
    ...(splitSteps.length ? { parley_split: { processes, points: split } } : {}),
    livekit,
    ratios: ratiosOf(parley, livekit),
  };
}
