import type { CapacityPoint } from '../capacity/capacity-bench.ts';
import { setupMarkdown } from '../capacity/setup-report.ts';
import type { SoakResult } from '../capacity/soak-bench.ts';
import { afterLoad, type SoakSample, settled } from '../capacity/soak-samples.ts';
import { storeMarkdown } from '../capacity/store-statements.ts';
import type { SideBySide } from '../engine/engine-bench.ts';
import { starvedLoopMs, sustainedOverheadP99Ms } from '../engine/engine-bench.ts';
import { lineChartSvg } from '../lib/chart.ts';
import type { CpuPinning } from '../lib/pinning.ts';
import { table } from '../lib/results.ts';
import { median, round, slope } from '../lib/stats.ts';
import type { PeerPoint } from '../scenario/point-bench.ts';
import { handoffMarkdown } from './handoff-report.ts';
import { serverStagesMarkdown } from './stages-report.ts';
import { largestMeetingTarget, pct, targetLabel } from './target-report.ts';

/** The per-N table used for Parley and for each peer. */
export function capacityTable(points: readonly PeerPoint[]): string {
  return table(
    [
      'N calls',
      'overhead p50 / p90 / p99 ms',
      "p99 after each call's first turn ms",
      'CPU % of one core',
      'CPU % per call',
      'RSS peak MB',
      'missed turns',
      points.some((p) => p.handoff_gap_pct !== undefined)
        ? 'underruns heard (gaps between hand-offs)'
        : 'underruns',
      'jitter p99 ms',
      'barge-in p50 / p99 ms',
      'event-loop p99 ms',
    ],
    points.map((p) => [
      p.calls,
      `${round(p.overhead_p50_ms, 0)} / ${round(p.overhead_p90_ms, 0)} / ${round(p.overhead_p99_ms, 0)}`,
      laterP99Cell(p),
      round(p.cpu_pct_of_one_core, 1),
      round(p.cpu_pct_of_one_core / p.calls, 2),
      round(p.rss_mb_peak, 0),
      `${round(p.missed_turns_pct, 1)} %`,
      p.handoff_gap_pct === undefined
        ? pct(p.underrun_pct)
        : `${pct(p.underrun_pct)} (${pct(p.handoff_gap_pct)})`,
      round(p.pacing_jitter_p99_ms, 1),
      bargeCell(p),
      Number.isFinite(p.event_loop_delay_p99_ms) ? round(p.event_loop_delay_p99_ms, 1) : '—',
    ]),
  );
}

/**
 * The overhead p99 over each call's turns after its first (median of the runs): a call's first turn
 * falls in the ramp, while the other calls are still starting.
 */
export function laterP99Cell(p: PeerPoint): string {
  // Results from before this was recorded lack it.
  const later = p.runs.flatMap((r) => {
    const p99 = (r.later_overhead_ms as { p99: number } | undefined)?.p99;
    return p99 !== undefined && Number.isFinite(p99) ? [p99] : [];
  });
  return later.length === p.runs.length && later.length > 0 ? String(round(median(later), 0)) : '—';
}

/** Barge-in reaction (older results have none), with the share of barge-ins never cleared. */
function bargeCell(p: PeerPoint): string {
  if (p.barge_in_p50_ms === undefined || !Number.isFinite(p.barge_in_p50_ms))
    return p.barge_ins_missed_pct > 0 ? 'never cleared' : '—';
  const missed = p.barge_ins_missed_pct > 0 ? ` (${round(p.barge_ins_missed_pct, 1)} % missed)` : '';
  return `${round(p.barge_in_p50_ms, 0)} / ${round(p.barge_in_p99_ms, 0)}${missed}`;
}

/** Overhead p50/p99 and CPU against N for each system measured (Parley and the peers). */
export function capacityChart(
  systems: { name: string; color: string; points: readonly PeerPoint[] }[],
): string {
  const line = (name: string, color: string, pts: readonly PeerPoint[], y: (p: PeerPoint) => number) => ({
    name,
    color,
    points: pts.map((p) => ({ x: p.calls, y: y(p) })),
  });
  return lineChartSvg([
    {
      title: 'Orchestration overhead p99 (ms, log scale)',
      unit: 'ms',
      series: systems.map((s) => line(s.name, s.color, s.points, (p) => p.overhead_p99_ms)),
      logY: { floor: 1 },
      target: { y: 10, label: 'target 10 ms' },
    },
    {
      title: 'CPU (% of one core)',
      unit: '%',
      series: systems.map((s) => line(s.name, s.color, s.points, (p) => p.cpu_pct_of_one_core)),
    },
  ]);
}

/** engine.md: both tables, the ratios, and what each number means. */
export function engineMarkdown(r: SideBySide): string {
  const p1 = r.parley.find((p) => p.calls === 1);
  const l1 = r.livekit.find((p) => p.calls === 1);
  const lines = [
    '# Engine: Parley vs LiveKit Agents for Node 1.9.0 (reference scenario)',
    '',
    'Both run N calls in one process with the same caller audio (5 flite sentences), the same provider doubles (STT final +100 ms, LLM TTFT 200 ms + 20 words in 3-word chunks every 20 ms, TTS first frame +100 ms, 2 s at 2× real time) and Silero VAD; runs alternate between the two at each N. Overhead = e2e − configured path (endpointing wait + LLM TTFT + TTS first frame; the STT final lands inside the wait). Medians of the runs.',
    '',
    `## Parley (responsiveness 0.5: ${r.parley[0]?.runs[0]?.endpointing_ms ?? '—'} ms endpointing; configured path ${r.parley[0]?.runs[0]?.configured_path_ms ?? '—'} ms)`,
    '',
    capacityTable(r.parley),
    '',
    ...serverStagesMarkdown(r.parley),
    ...splitSection(r),
    `## LiveKit Agents 1.9.0 (Silero 550 ms, turnDetection vad; configured path ${r.livekit[0]?.runs[0]?.configured_path_ms ?? '—'} ms)`,
    '',
    capacityTable(r.livekit),
    '',
    '## Ratios (LiveKit ÷ Parley) and differences (LiveKit − Parley), measured in this run',
    '',
    table(
      ['N calls', 'overhead p50', 'overhead p99', 'overhead p50 / p99 ms more', 'e2e p50', 'CPU', 'RSS'],
      r.ratios.at.map((a) => [
        a.calls,
        a.overhead_p50 ?? '—',
        a.overhead_p99 ?? '—',
        `${a.overhead_p50_diff_ms ?? '—'} / ${a.overhead_p99_diff_ms ?? '—'}`,
        a.e2e_p50,
        a.cpu,
        a.rss,
      ]),
    ),
    '',
    "(— : Parley's overhead is under 1 ms there, so a ratio to it says nothing; read the difference.)",
    '',
  ];
  if (p1 && l1)
    lines.push(
      `- e2e p50 at N = 1: Parley ${round(p1.e2e_p50_ms, 0)} ms, LiveKit ${round(l1.e2e_p50_ms, 0)} ms.`,
    );
  if (r.ratios.calls_per_core)
    lines.push(
      `- Calls per core at the measured CPU per call (N = ${r.ratios.calls_per_core.at_calls}, the largest N where neither process was starved: event-loop p99 ≤ ${starvedLoopMs} ms): Parley ${r.ratios.calls_per_core.parley}, LiveKit ${r.ratios.calls_per_core.livekit} (${r.ratios.calls_per_core.ratio}×).`,
    );
  lines.push(
    `- Largest N with no missed turn and overhead p99 ≤ ${sustainedOverheadP99Ms} ms: Parley ${r.ratios.sustained_calls.parley}, LiveKit ${r.ratios.sustained_calls.livekit}.`,
  );
  lines.push(
    `- ${targetLabel}: Parley ${largestMeetingTarget(r.parley)}${r.parley_split ? `; Parley on ${r.parley_split.processes} processes ${largestMeetingTarget(r.parley_split.points)}` : ''}; LiveKit ${largestMeetingTarget(r.livekit)}.`,
  );
  return lines.join('\n');
}

/** Parley with each run's calls split over processes, where the bench measured it. */
function splitSection(r: SideBySide): string[] {
  if (!r.parley_split?.points.length) return [];
  const k = r.parley_split.processes;
  return [
    `## Parley on ${k} processes (each run's N calls split ${k} ways, as ${k} nodes on one machine)`,
    '',
    `The same scenario, each run's calls split over ${k} engine processes (\`npm start\`'s Node flags) whose ramps start at the same moment, so N calls arrive as fast as in one process. Turns are pooled; CPU and RSS are the processes' sums, the event loop the worse of the two.`,
    '',
    capacityTable(r.parley_split.points),
    '',
    ...serverStagesMarkdown(r.parley_split.points),
  ];
}

/** capacity.md: Parley over Twilio Media Streams at each N. */
export function capacityMarkdown(
  points: readonly CapacityPoint[],
  failures: readonly { calls: number; error: string }[],
  store: 'pglite' | 'postgres' = 'pglite',
  cores = 2,
  nodes = 1,
  pin?: CpuPinning,
): string {
  const where = store === 'postgres' ? 'PostgreSQL 15 (a scratch database)' : 'the embedded store';
  const pinned = pin
    ? ` The server ran on CPU ${pin.server} alone (\`taskset\`: its event loop and every worker thread); the load peer, the doubles, the bench${store === 'postgres' ? ' and PostgreSQL' : ''} on CPU ${pin.rest}, so the server's CPU figures are of ${pin.server.includes('-') ? 'its cores' : 'one core'} of its own.`
    : '';
  const servers =
    nodes > 1
      ? `${nodes} fresh \`src/main.ts\` nodes per run (each its own process, node id and port) sharing ${where}, the load peer ringing them in turn as a load balancer would; CPU and RSS are the nodes' together, from /proc, and the event loop's delay and CPU are the worst node's`
      : `a fresh \`src/main.ts\` per run on ${where}; CPU and RSS are the server process's, from /proc`;
  return [
    `# Capacity: Parley over Twilio Media Streams on ${store === 'postgres' ? 'PostgreSQL' : 'the embedded store'}${nodes > 1 ? `, ${nodes} nodes` : ''}${pin ? `, the server on CPU ${pin.server} of its own` : ''} (reference scenario)`,
    '',
    `Inbound calls placed as Twilio does (signed voice webhook → \`<Connect><Stream>\` → Media Streams WebSocket, μ-law) by a load peer in its own process; the provider doubles (Deepgram live, OpenAI-compatible, ElevenLabs streaming) in a third process; ${servers}. First agent audio and pacing are timed where the load peer receives the media messages (so loopback and the load peer's own event loop count against Parley). The event-loop delay is the server's own, from \`monitorEventLoopDelay\` (10 ms resolution) preloaded into it (\`bench/lib/loop-probe.mjs\`) and read over the load. Configured path 300 + 200 + 100 = 600 ms.${pinned}`,
    '',
    capacityTable(points),
    '',
    `- ${targetLabel} (the caller's overhead): ${largestMeetingTarget(points)}.`,
    '',
    ...handoffMarkdown(points),
    table(
      ['N calls', 'server RSS per live call MB'],
      points.map((p) => [p.calls, round(p.rss_mb_per_call, 2)]),
    ),
    '',
    "Where the time goes: what the server recorded for each turn (`latency.events` of every call, read back through the API), p50 / p99 ms. The server's e2e runs from the caller's end of speech as Parley's VAD saw it to the first agent audio handed to the Media Streams socket; the caller's e2e minus the server's is the time outside the server's pipeline (the inbound and outbound WebSocket hops, both event loops, and the VAD's view of the speech end). The doubles' timers: how late their first-byte waits woke past the configured latency, on the doubles' own clock (the LLM's first token · the STT final and the TTS first audio), provider time the overhead counts as Parley's. Connections: the TCP connections the LLM and TTS doubles accepted, per call (the server opens one to each ahead of use as a call starts and as its caller starts speaking unless its pool holds an idle one, and the pool keeps them between requests).",
    '',
    table(
      [
        'N calls',
        'eou_delay',
        'llm_ttft',
        'tts_ttfb',
        'server e2e',
        "caller's e2e p50",
        'outside the pipeline p50',
        "doubles' timers late p50 / p99",
        'connections per call LLM · TTS',
      ],
      points
        .filter((p) => p.server)
        .map((p) => {
          const s = p.server!;
          const conns = p.doubles_late?.connections_per_call;
          const pair = (c: { p50: number; p99: number }) => `${round(c.p50, 0)} / ${round(c.p99, 0)}`;
          return [
            p.calls,
            pair(s.eou_delay),
            pair(s.llm_ttft),
            pair(s.tts_ttfb),
            pair(s.e2e),
            round(p.e2e_p50_ms, 0),
            round(p.e2e_p50_ms - s.e2e.p50, 0),
            p.doubles_late
              ? `${late(p.doubles_late.first_token_ms)} · ${late(p.doubles_late.final_and_first_audio_ms)}`
              : '—',
            conns ? `${conns.llm} · ${conns.tts}` : '—',
          ];
        }),
    ),
    '',
    ...withGap(setupMarkdown(points)),
    cpuSplitMarkdown(points, cores),
    ...(storeMarkdown(points) ? ['', storeMarkdown(points)] : []),
    ...failures.map((f) => `\n- N = ${f.calls}: not measured: ${f.error}`),
  ].join('\n');
}

const late = (c: { p50: number; p99: number }) => `${round(c.p50, 1)} / ${round(c.p99, 1)}`;

/** A section and the blank line after it, or nothing when it is empty (results from before it existed). */
const withGap = (section: string) => (section ? [section, ''] : []);

/** A % read from results that may predate it (absent) or from a kernel without the reading (NaN). */
export const pctCell = (v: number | undefined): number | string =>
  typeof v !== 'number' || Number.isNaN(v) ? '—' : v;

/** Where the machine's CPU went at each N: the server (and its event loop), the load peer, the doubles, everything. */
export function cpuSplitMarkdown(points: readonly CapacityPoint[], cores: number): string {
  const measured = points.filter((p) => p.cpu);
  if (!measured.length) return '';
  return [
    `Where the CPU goes: % of one core for each process during the run, the server's busiest thread (its event loop, which carries every call's audio and can use one core at most) and the % of the run that loop spent ready but waiting for a core (the kernel's \`schedstat\`; its busy % plus this near 100 means the loop is never idle), and the whole machine (${cores} cores, so ${cores * 100} % is all of it; it also holds the kernel's loopback work and the machine's other services).`,
    '',
    table(
      [
        'N calls',
        'server',
        "server's event loop",
        'its wait for a core',
        'load peer',
        'doubles',
        'whole machine',
        'machine per call',
      ],
      measured.map((p) => {
        const c = p.cpu!;
        return [
          p.calls,
          p.cpu_pct_of_one_core,
          pctCell(c.server_busiest_thread),
          pctCell(c.server_loop_wait),
          c.load_peer,
          c.doubles,
          c.machine,
          round(c.machine / p.calls, 2),
        ];
      }),
    ),
  ].join('\n');
}

/** soak.md: live heap, memory and descriptors over sequential short calls. */
export function soakMarkdown(r: SoakResult): string {
  const { x, tail } = settled(r.samples);
  const row = (label: string, pick: (s: SoakSample) => number | undefined) => {
    const ys = tail.map(pick);
    const known = ys.every((y): y is number => y !== undefined);
    const at = (s: SoakSample) => {
      const y = pick(s);
      return y === undefined ? '—' : round(y, 1);
    };
    return [label, at(r.first), at(r.last), known ? round(slope(x, ys), 1) : '—'];
  };
  const rss = tail.map((s) => s.rss_mb);
  const idle = afterLoad(r.samples);
  // Soaks before the heap probe (stop 31) sampled RSS at whatever phase of collection it was in.
  const probed = r.first.heap_mb !== undefined;
  const threads =
    r.first.workers_heap_mb === undefined ? '' : ' on its main thread and in its worker threads';
  const probedHow = `, a full garbage collection in the server${threads} (a probe preloaded with \`--expose-gc\`: \`bench/lib/heap-probe.mjs\`), then the live heaps and external memory, the server's RSS and its open file descriptors`;
  return [
    '# Soak: sequential short Twilio calls',
    '',
    `${r.calls} inbound calls one after another against one \`src/main.ts\` (connect over Media Streams, 200 ms of caller silence, hang up), ${r.failed} failed, ${r.seconds} s. ${probed ? 'Every' : 'Server RSS and open file descriptors sampled every'} ${r.samples[1]?.calls ?? '—'} calls${probed ? probedHow : ''}; slopes are least squares over the readings under load after its first 10 % of calls (RSS ${Math.min(...rss)}–${Math.max(...rss)} MB over that stretch)${idle ? `, and the end is read 3 s after the last call, the load over (RSS ${idle.rss_mb} MB against ${r.samples.at(-2)!.rss_mb} at the last reading under load)` : ''}.`,
    '',
    table(
      ['', 'start', 'end', 'slope per 1000 calls'],
      [
        row('live heap MB (main thread, after a full collection)', (s) => s.heap_mb),
        row('external MB (main thread)', (s) => s.external_mb),
        row('live heap MB (worker threads, after a full collection)', (s) => s.workers_heap_mb),
        row('external MB (worker threads)', (s) => s.workers_external_mb),
        row('RSS MB', (s) => s.rss_mb),
        row('open fds', (s) => s.fds),
      ].filter((cells) => cells[1] !== '—'),
    ),
  ].join('\n');
}
