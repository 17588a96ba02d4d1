import fs from 'node:fs/promises';
import { table } from '../lib/results.ts';
import { round } from '../lib/stats.ts';

/** Running totals the store probe writes (`bench/lib/store-probe.mjs`). */
interface ProbeTotals {
  at_ms: number;
  statements: Record<string, { n: number; ms: number }>;
}

/** One statement's share of the embedded store's work over a run. */
export interface StatementCost {
  statement: string;
  n: number;
  ms: number;
}

/** What the embedded store (PGlite's thread) ran while the load peer's calls ran. */
export interface StoreWork {
  /** From the first call until the store went quiet after the last hang-up. */
  window_s: number;
  statements: number;
  /** Wall time inside PGlite, summed over the statements. */
  busy_ms: number;
  busy_pct: number;
  /** The store's busiest stretch of about a second (the ramp of new calls, usually), % of its wall time. */
  busiest_second_pct: number;
  /** The statements by time spent, most first (at most 25). */
  top: StatementCost[];
}

/** The work of the run with the median store time (the earlier of the middle two), if any run measured it. */
export function medianStore(runs: readonly (StoreWork | undefined)[]): { store?: StoreWork } {
  const measured = runs.flatMap((r) => (r ? [r] : [])).sort((a, b) => a.busy_ms - b.busy_ms);
  const mid = measured[Math.floor((measured.length - 1) / 2)];
  return mid ? { store: mid } : {};
}

/** Where PGlite's time goes during a run, from the probe's running totals before and after it. */
export class StoreProbe {
  private before: ProbeTotals | undefined;
  private startedAt = 0;
  private sampler: NodeJS.Timeout | undefined;
  private last: { at: number; busy: number } | undefined;
  private busiest = 0;

  constructor(private readonly file: string) {}

  async start(): Promise<void> {
    this.startedAt = Date.now();
    this.before = await readTotals(this.file, 0);
    this.sampler = setInterval(() => void this.sample(), 1000);
  }

  /** The store's busy share since the previous sample (the probe writes its totals every 500 ms). */
  private async sample(): Promise<void> {
    const text = await fs.readFile(this.file, 'utf8').catch(() => undefined);
    if (text === undefined) return;
    const t = JSON.parse(text) as ProbeTotals;
    const busy = busyOf(t);
    if (this.last && t.at_ms - this.last.at >= 900)
      this.busiest = Math.max(this.busiest, (busy - this.last.busy) / (t.at_ms - this.last.at));
    if (!this.last || t.at_ms - this.last.at >= 900) this.last = { at: t.at_ms, busy };
  }

  /** The work since `start`, once the probe has written totals from after this moment (undefined if it did not). */
  /**
   * The work since `start` up to when the store went quiet after the calls (under 5 % busy for two
   * seconds in a row, at most 30 s after this call), so each call's post-call work counts too;
   * undefined if the probe wrote nothing.
   */
  async stop(): Promise<StoreWork | undefined> {
    clearInterval(this.sampler);
    const deadline = Date.now() + 30_000;
    let quietFor = 0;
    let prev = await readTotals(this.file, Date.now());
    while (prev && quietFor < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      const next = await readTotals(this.file, prev.at_ms + 900);
      if (!next) break;
      quietFor = busyOf(next) - busyOf(prev) < 0.05 * (next.at_ms - prev.at_ms) ? quietFor + 1 : 0;
      prev = next;
    }
    const after = prev;
    if (!after) return undefined;
    const stoppedAt = after.at_ms;
    const was = this.before?.statements ?? {};
    const costs = Object.entries(after.statements)
      .map(([statement, s]) => ({
        statement,
        n: s.n - (was[statement]?.n ?? 0),
        ms: round(s.ms - (was[statement]?.ms ?? 0), 1),
      }))
      .filter((c) => c.n > 0)
      .sort((a, b) => b.ms - a.ms);
    const busy = costs.reduce((a, c) => a + c.ms, 0);
    const windowMs = stoppedAt - this.startedAt;
    return {
      window_s: round(windowMs / 1000, 1),
      statements: costs.reduce((a, c) => a + c.n, 0),
      busy_ms: round(busy, 0),
      busy_pct: round((busy / windowMs) * 100, 1),
      busiest_second_pct: round(this.busiest * 100, 1),
      top: costs.slice(0, 25),
    };
  }
}

/** The store's time so far over every statement, ms. */
const busyOf = (t: ProbeTotals) => Object.values(t.statements).reduce((a, s) => a + s.ms, 0);

/** The probe's totals once written at or after `notBefore` (epoch ms); undefined after 3 s without. */
async function readTotals(file: string, notBefore: number): Promise<ProbeTotals | undefined> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    const totals = text === undefined ? undefined : (JSON.parse(text) as ProbeTotals);
    if (totals && totals.at_ms >= notBefore) return totals;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** capacity.md's tables of the embedded store's work: per N, and by statement at `focus` calls. */
export function storeMarkdown(
  points: readonly { calls: number; store?: StoreWork | undefined }[],
  focus = 100,
): string {
  const measured = points.filter((p) => p.store);
  if (!measured.length) return '';
  const at = measured.find((p) => p.calls === focus) ?? measured[measured.length - 1]!;
  const work = at.store!;
  return [
    "The embedded store's work over each run (PGlite's own thread, timed by a probe preloaded into the server: `bench/lib/store-probe.mjs`): every statement of every call's setup, turns, end and post-call, and the server's own background work (its job queue's polling, the watchdog), from the load peer's first call until the store went quiet after the last hang-up (under 5 % busy for two seconds running). Time is wall time inside PGlite, so a statement whose thread waited for a core counts that wait.",
    '',
    table(
      [
        'N calls',
        'statements',
        'per call',
        'store ms per call',
        'store busy % of the window',
        'of its busiest second',
      ],
      measured.map((p) => {
        const s = p.store!;
        return [
          p.calls,
          s.statements,
          round(s.statements / p.calls, 1),
          round(s.busy_ms / p.calls, 1),
          s.busy_pct,
          s.busiest_second_pct,
        ];
      }),
    ),
    '',
    `The statements that took the most of the store's time at N = ${at.calls} (${work.statements} statements, ${work.busy_ms} ms):`,
    '',
    table(
      ['statement (first 120 characters)', 'per call', 'mean ms', 'ms per call', 'share %'],
      work.top
        .slice(0, 15)
        .map((c) => [
          `\`${c.statement.replaceAll('|', '\\|').replaceAll('`', "'")}\``,
          round(c.n / at.calls, 2),
          round(c.ms / c.n, 2),
          round(c.ms / at.calls, 2),
          round((c.ms / work.busy_ms) * 100, 1),
        ]),
    ),
  ].join('\n');
}
