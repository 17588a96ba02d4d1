import { table } from '../lib/results.ts';
import type { ScenarioResult, StoreResult } from './api-bench.ts';

export const apiTargets = { getPerSecond: 5000, listP99Ms: 50 };

/** Markdown for the API results: one table per store, then the targets and whether each is met. */
export function apiMarkdown(
  results: StoreResult[],
  opts: { durationS: number; connections: number },
): string {
  const parts = [
    '# API throughput',
    '',
    `Load from a separate process (autocannon 9, ${opts.connections} connections unless the scenario names more, ${opts.durationS} s per scenario) against \`src/main.ts\` on loopback. Cursor scenarios walk 25 pages of 20 per connection, then start over. GET throughput is the highest rate of its connection counts: at ${opts.connections} connections the server waits on the clients part of the time.`,
  ];
  const connectionsOf = (s: ScenarioResult) => s.connections ?? opts.connections;
  for (const r of results) {
    parts.push(
      '',
      `## ${r.store === 'pglite' ? 'Embedded store (PGlite)' : 'PostgreSQL 15'} — ${r.calls.toLocaleString('en')} stored calls (seeded in ${r.seed_seconds} s)`,
      '',
      table(
        [
          'scenario',
          'connections',
          'req/s',
          'p50 ms',
          'p90 ms',
          'p99 ms',
          'non-2xx',
          'server CPU % of a core',
          'req per server CPU-second',
          'server RSS MB',
        ],
        r.scenarios.map((s) => [
          s.name,
          connectionsOf(s),
          s.requests_per_s,
          s.latency_ms.p50,
          s.latency_ms.p90,
          s.latency_ms.p99,
          s.non_2xx + s.errors,
          s.server_cpu_pct,
          s.requests_per_cpu_second,
          s.server_rss_mb,
        ]),
      ),
    );
  }
  parts.push('', '## Targets', '');
  for (const r of results) {
    const gets = r.scenarios.filter((s) => s.scenario === 'get');
    const get = gets.reduce<ScenarioResult | undefined>(
      (best, s) => (best && best.requests_per_s >= s.requests_per_s ? best : s),
      undefined,
    );
    const atBase = gets.find((s) => connectionsOf(s) === opts.connections);
    const lists = r.scenarios.filter((s) => s.scenario === 'list');
    const worstList = Math.max(...lists.map((s) => s.latency_ms.p99));
    parts.push(
      `- ${r.store}: GET ${get?.requests_per_s ?? '—'} req/s${get ? ` at ${connectionsOf(get)} connections (p99 ${get.latency_ms.p99} ms)` : ''}${
        atBase && atBase !== get ? `, ${atBase.requests_per_s} at ${opts.connections}` : ''
      } (target ≥ ${apiTargets.getPerSecond}: ${
        get && get.requests_per_s >= apiTargets.getPerSecond ? 'met' : 'missed'
      }); worst list p99 ${worstList} ms (target ≤ ${apiTargets.listP99Ms}: ${worstList <= apiTargets.listP99Ms ? 'met' : 'missed'})`,
    );
  }
  return parts.join('\n');
}
