import { type CpuPinning, pinPids, postgresPids } from '../lib/pinning.ts';
import { median, type Summary } from '../lib/stats.ts';
import { broken, nextStep, type PeerPoint, type PointRun, pointOf } from '../scenario/point-bench.ts';
import { type DoublesLateness, type DoublesLatenessPoint, medianLateness } from './doubles-lateness.ts';
import { type HandoffPoint, type HandoffSummary, handoffPoint } from './handoff.ts';
import type { LoadPeerSpec } from './load-peer-run.ts';
import { type ServerLatency, serverLatency } from './server-latency.ts';
import { medianStore, type StoreWork } from './store-statements.ts';
import { prepareTwilioBench, runPeerWith, startNodes } from './twilio-bench.ts';

export interface CapacityPoint extends PeerPoint {
  rss_mb_per_call: number;
  /**
   * Medians over the runs of the turns the caller heard answered (of its five per call) and of the
   * turns that reached each stage in the server (its latency events per call: five turns and the
   * reply to the barge-in): a missed turn the server answered was lost on the way; one it did not
   * stopped at the first stage it never reached (absent from earlier results).
   */
  answered?: { caller: number; server: Record<'eou' | 'llm' | 'tts' | 'e2e', number> };
  /** Median over the runs of the overhead p99 of each call's second and later turns (no call setup in them). */
  later_turns_overhead_p99_ms?: number;
  /** Medians over the runs of what the server itself recorded per turn (absent from results before it was read). */
  server?: ServerSplit;
  /** Medians over the runs: CPU % of one core of each process on the machine, and of the whole machine. */
  cpu?: CpuSplit;
  /** Medians over the runs of how long each step of a call's setup took, p50 and p99 over the calls (absent from earlier results). */
  setup?: SetupSplit;
  /** On the embedded store: its work in the run with the median store time (absent from earlier results). */
  store?: StoreWork;
  /** How late the doubles' first-byte timers woke (absent from earlier results). */
  doubles_late?: DoublesLatenessPoint;
  /** The overhead at the server's send of each reply's first media message (performance.md's definition; absent from earlier results). */
  handoff?: HandoffPoint;
}

/**
 * A call's setup, in order: the voice webhook answered with TwiML and the stream opened (the load
 * peer's clock), then the server's own `latency.connect`: the run's start → the stream's `start`,
 * and the stream's `start` → the engine active.
 */
export type SetupSplit = Record<
  'webhook' | 'stream_open' | 'dispatch_to_answer' | 'answer_to_active',
  { p50: number; p99: number }
>;

/** Where the machine's CPU went during a run, % of one core (the machine has `os.cpus().length` of them). */
export interface CpuSplit {
  load_peer: number;
  doubles: number;
  /** Every process on the machine (the server, the load peer, the doubles, the kernel's loopback work, the rest). */
  machine: number;
  /** The server's busiest thread: its event loop, which carries every call's audio (absent from earlier results). */
  server_busiest_thread?: number;
  /** How long that event loop waited, runnable, for a core (`schedstat`): a full machine shows here first. */
  server_loop_wait?: number;
}

type LoadPeerRun = PointRun & {
  rss_mb_per_call: number;
  connect_failures: number;
  cpu_split: CpuSplit;
  setup: { webhook_ms: Summary; stream_open_ms: Summary };
  store?: StoreWork;
  doubles_late?: DoublesLateness;
  handoff?: HandoffSummary;
};

/** Server-side p50 and p99 of each latency component, ms (medians over the runs). */
export type ServerSplit = Record<'eou_delay' | 'llm_ttft' | 'tts_ttfb' | 'e2e', { p50: number; p99: number }>;

function serverSplit(runs: readonly ServerLatency[]): ServerSplit {
  const of = (k: 'eou_delay_ms' | 'llm_ttft_ms' | 'tts_ttfb_ms' | 'e2e_ms') => ({
    p50: median(runs.map((r) => r[k].p50)),
    p99: median(runs.map((r) => r[k].p99)),
  });
  return {
    eou_delay: of('eou_delay_ms'),
    llm_ttft: of('llm_ttft_ms'),
    tts_ttfb: of('tts_ttfb_ms'),
    e2e: of('e2e_ms'),
  };
}

function setupSplit(runs: readonly LoadPeerRun[], recorded: readonly ServerLatency[]): SetupSplit {
  const of = (xs: readonly Summary[]) => ({
    p50: median(xs.map((x) => x.p50)),
    p99: median(xs.map((x) => x.p99)),
  });
  return {
    webhook: of(runs.map((r) => r.setup.webhook_ms)),
    stream_open: of(runs.map((r) => r.setup.stream_open_ms)),
    dispatch_to_answer: of(recorded.map((r) => r.dispatch_to_answer_ms)),
    answer_to_active: of(recorded.map((r) => r.answer_to_active_ms)),
  };
}

/** `eou 600 → llm 598 → tts 598 → e2e 597`: turns that reached each stage in the server. */
const stages = (n: Record<string, number>) =>
  Object.entries(n)
    .map(([k, v]) => `${k} ${v}`)
    .join(' → ');

/** A step that could not be measured (the server or the load peer died), kept in the results. */
export interface CapacityFailure {
  calls: number;
  error: string;
}

/**
 * N inbound Twilio calls over Media Streams from a separate load-peer process to `src/main.ts`, with
 * the provider doubles in a third process; a fresh server per run; Parley's CPU/RSS from /proc.
 */
export async function capacityBench(o: {
  steps: number[];
  /** Past the listed steps, double N until broken, up to this many calls (none: the listed steps only). */
  untilBrokenCap?: number | undefined;
  runs: number;
  /** Run the server on PostgreSQL (a scratch database on this admin URL) instead of the embedded store. */
  postgresAdminUrl?: string | undefined;
  /** Server processes sharing the PostgreSQL store; calls are spread over them (default 1). */
  nodes?: number | undefined;
  /** The server on some cores, the load peer, the doubles, PostgreSQL and the bench on the others. */
  pin?: CpuPinning | undefined;
  log: (line: string) => void;
}): Promise<{ points: CapacityPoint[]; failures: CapacityFailure[] }> {
  const nodes = o.nodes ?? 1;
  const pin = o.pin;
  // The bench itself and PostgreSQL (its postmaster, so new backends too) leave the server's cores.
  const unpin = pin
    ? await pinPids([process.pid, ...(o.postgresAdminUrl ? await postgresPids() : [])], pin.rest)
    : undefined;
  const bench = await prepareTwilioBench(o.postgresAdminUrl, pin).catch(async (e) => {
    await unpin?.();
    throw e;
  });
  const points: CapacityPoint[] = [];
  const failures: CapacityFailure[] = [];
  try {
    const steps = [...o.steps];
    for (const calls of steps) {
      const runs: LoadPeerRun[] = [];
      const perCall: number[] = [];
      const recorded: ServerLatency[] = [];
      let failure: string | undefined;
      for (let i = 0; i < o.runs && !failure; i++) {
        const servers = await startNodes(bench, nodes);
        const parley = servers[0]!;
        try {
          const since = new Date();
          const spec: LoadPeerSpec = {
            ...bench.line,
            serverUrls: servers.map((s) => s.url),
            calls,
            serverPids: servers.map((s) => s.child.pid!),
            loopProbeFiles: servers.map((s) => s.loopProbeFile),
            mediaProbeFiles: servers.map((s) => s.mediaProbeFile),
            storeProbeFile: parley.storeProbeFile,
            doublesPid: bench.doublesPid,
            doublesLatenessUrl: bench.doublesLatenessUrl,
            endpointingMs: 300,
          };
          const r = await runPeerWith<LoadPeerRun>('bench/capacity/load-peer-run.ts', spec, pin?.rest);
          runs.push(r);
          perCall.push(r.rss_mb_per_call);
          recorded.push(await serverLatency(parley.url, bench.key, calls - r.connect_failures, since));
        } catch (e) {
          const dead = servers.find((s) => s.child.exitCode !== null || s.child.signalCode !== null);
          failure = `${dead ? `server exited (${dead.child.exitCode ?? dead.child.signalCode}); ` : ''}${(e as Error).message.slice(0, 300)}`;
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      }
      if (failure) {
        failures.push({ calls, error: failure });
        o.log(`  twilio N=${calls}: not measured: ${failure}`);
        break;
      }
      const split = serverSplit(recorded);
      const cpu: CpuSplit = {
        load_peer: median(runs.map((r) => r.cpu_split.load_peer)),
        doubles: median(runs.map((r) => r.cpu_split.doubles)),
        machine: median(runs.map((r) => r.cpu_split.machine)),
        server_busiest_thread: median(runs.map((r) => r.cpu_split.server_busiest_thread ?? Number.NaN)),
        server_loop_wait: median(runs.map((r) => r.cpu_split.server_loop_wait ?? Number.NaN)),
      };
      const p: CapacityPoint = {
        ...pointOf(calls, runs),
        rss_mb_per_call: median(perCall),
        later_turns_overhead_p99_ms: median(runs.map((r) => r.later_overhead_ms.p99)),
        answered: {
          caller: median(runs.map((r) => r.turns - r.missed_turns)),
          server: {
            eou: median(recorded.map((r) => r.eou_delay_ms.n)),
            llm: median(recorded.map((r) => r.llm_ttft_ms.n)),
            tts: median(recorded.map((r) => r.tts_ttfb_ms.n)),
            e2e: median(recorded.map((r) => r.e2e_ms.n)),
          },
        },
        server: split,
        cpu,
        setup: setupSplit(runs, recorded),
        ...medianStore(runs.map((r) => r.store)),
      };
      const late = medianLateness(
        runs.map((r) => r.doubles_late),
        calls,
      );
      if (late) p.doubles_late = late;
      const handoff = handoffPoint(runs.map((r) => r.handoff));
      if (handoff) p.handoff = handoff;
      points.push(p);
      o.log(
        `  twilio N=${calls}: overhead p50/p90/p99 ${p.overhead_p50_ms}/${p.overhead_p90_ms}/${p.overhead_p99_ms} ms (p99 after each call's first turn ${p.later_turns_overhead_p99_ms}; at the server's send ${p.handoff ? `${p.handoff.overhead_p50_ms}/${p.handoff.overhead_p90_ms}/${p.handoff.overhead_p99_ms}, hop p99 ${p.handoff.hop_p99_ms}` : '-'}), server CPU ${p.cpu_pct_of_one_core} %, RSS/call ${p.rss_mb_per_call} MB, missed ${p.missed_turns_pct} % (turns answered: ${p.answered!.caller} heard of ${calls * 5}; of ${calls * 6} with the barge-in replies, in the server ${stages(p.answered!.server)}), underruns ${p.underrun_pct} %; server e2e p50 ${split.e2e.p50} (eou ${split.eou_delay.p50}, ttft ${split.llm_ttft.p50}, ttfb ${split.tts_ttfb.p50}) against the caller's ${p.e2e_p50_ms}; setup p50/p99: webhook ${p.setup!.webhook.p50}/${p.setup!.webhook.p99}, stream open ${p.setup!.stream_open.p50}/${p.setup!.stream_open.p99}, run → stream ${p.setup!.dispatch_to_answer.p50}/${p.setup!.dispatch_to_answer.p99}, stream → engine ${p.setup!.answer_to_active.p50}/${p.setup!.answer_to_active.p99} ms`,
      );
      if (broken(p)) break;
      const next = nextStep(o.steps, p, o.untilBrokenCap);
      if (next !== undefined) steps.push(next);
    }
  } finally {
    await bench.close();
    await unpin?.();
  }
  return { points, failures };
}
