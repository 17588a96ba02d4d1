import { table } from '../lib/results.ts';
import { round } from '../lib/stats.ts';
import type { CapacityPoint } from './capacity-bench.ts';

/** The call-setup table of capacity.md: each step of placing a call, p50 / p99 ms at each N. */
export function setupMarkdown(points: readonly CapacityPoint[]): string {
  const measured = points.filter((p) => p.setup);
  if (!measured.length) return '';
  const pair = (c: { p50: number; p99: number }) =>
    Number.isFinite(c.p50) ? `${round(c.p50, 0)} / ${round(c.p99, 0)}` : '—';
  return [
    "Call setup, p50 / p99 ms over the calls: the voice webhook answered with TwiML and the Media Streams socket opened, on the load peer's clock; then the server's own `latency.connect` of each call: its run's start (once the webhook stored and launched it) to the stream's `start` (the agent's plan, the TwiML's trip back, the stream opening), and the stream's `start` to the engine active (the call marked in progress, `call.started` recorded, the pipeline started). Calls ramp up over the first max(3 s, N × 10 ms), and the caller starts speaking 700 ms after `start`.",
    '',
    table(
      [
        'N calls',
        'webhook → TwiML',
        'TwiML → stream open',
        'run start → stream start',
        'stream start → engine active',
      ],
      measured.map((p) => {
        const s = p.setup!;
        return [
          p.calls,
          pair(s.webhook),
          pair(s.stream_open),
          pair(s.dispatch_to_answer),
          pair(s.answer_to_active),
        ];
      }),
    ),
  ].join('\n');
}
