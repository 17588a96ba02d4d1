import { table } from '../lib/results.ts';
import { round } from '../lib/stats.ts';
import type { PeerPoint } from '../scenario/point-bench.ts';

/** Parley's own end-of-turn delay per N, for results from before the stages were recorded. */
function eouLine(points: readonly PeerPoint[]): string[] {
  const withEou = points.filter((p) => p.server_eou_p99_ms !== undefined);
  if (withEou.length === 0) return [];
  const cells = withEou.map(
    (p) => `${p.calls}: ${round(p.server_eou_p50_ms!, 0)} / ${round(p.server_eou_p99_ms!, 0)}`,
  );
  return [
    `Parley's own end-of-turn delay (its VAD's end of speech → turn committed: the endpointing wait plus any wait for a VAD running behind), p50 / p99 ms by N — ${cells.join('; ')}.`,
    '',
  ];
}

/**
 * What Parley's engine timed itself at each N (its `latency.events`, past the greeting turn): how
 * far each stage of the configured path ran over its nominal time. The doubles answer on timers of
 * the same event loop, so a stage's excess is mostly that loop's delay when a timer was due.
 */
export function serverStagesMarkdown(points: readonly PeerPoint[]): string[] {
  const measured = points.filter((p) => p.server_stages);
  if (measured.length === 0) return eouLine(points);
  const cell = (c: { p50: number; p90: number; p99: number }) =>
    `${round(c.p50, 0)} / ${round(c.p90, 0)} / ${round(c.p99, 0)}`;
  return [
    "Parley's own per-turn stages, p50 / p90 / p99 ms (its `latency.events`): the end of turn (its VAD's end of speech → turn committed; nominal 300 ms, the endpointing wait, plus any wait for a VAD running behind), the LLM's first token and the TTS's first audio as the engine saw them (the doubles' nominal 200 and 100 ms, on timers of the same event loop). What a stage runs over its nominal time is mostly the event loop's delay when its timer was due; the overhead adds up those of the three stages and the hand-offs between them.",
    '',
    table(
      ['N calls', 'end of turn (300)', 'LLM first token (200)', 'TTS first audio (100)'],
      measured.map((p) => {
        const s = p.server_stages!;
        return [p.calls, cell(s.eou_delay), cell(s.llm_ttft), cell(s.tts_ttfb)];
      }),
    ),
    '',
  ];
}
