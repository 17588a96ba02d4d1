import type { Latency, LatencyStat } from '../../api/types.ts';

/** Stages of one response cycle, stacked in the order they happen. */
export const stages = [
  { key: 'eou_delay', label: 'End of turn', cls: 'stage-eou' },
  { key: 'stt', label: 'Speech-to-text', cls: 'stage-stt' },
  { key: 'kb', label: 'Knowledge', cls: 'stage-kb' },
  { key: 'tool', label: 'Tools', cls: 'stage-tool' },
  { key: 'llm_ttft', label: 'LLM first token', cls: 'stage-llm' },
  { key: 'tts_ttfb', label: 'TTS first audio', cls: 'stage-tts' },
] as const;
export type StageKey = (typeof stages)[number]['key'];

export interface Turn {
  turn: number;
  parts: Record<StageKey, number>;
  total: number;
  e2e: number | undefined;
  tools: string[];
}

/** Group `latency.events` by turn; `tool:<name>` events add up under `tool`. */
export function turnsOf(latency: Latency | null | undefined): Turn[] {
  const byTurn = new Map<number, Turn>();
  for (const e of latency?.events ?? []) {
    if (typeof e.ms !== 'number' || !Number.isFinite(e.ms)) continue;
    let t = byTurn.get(e.turn);
    if (!t) {
      t = {
        turn: e.turn,
        parts: { eou_delay: 0, stt: 0, kb: 0, tool: 0, llm_ttft: 0, tts_ttfb: 0 },
        total: 0,
        e2e: undefined,
        tools: [],
      };
      byTurn.set(e.turn, t);
    }
    if (e.type === 'e2e') t.e2e = e.ms;
    else if (e.type.startsWith('tool:')) {
      t.parts.tool += e.ms;
      t.tools.push(e.type.slice(5));
    } else if (e.type in t.parts) t.parts[e.type as StageKey] += e.ms;
  }
  const turns = [...byTurn.values()].sort((a, b) => a.turn - b.turn);
  for (const t of turns) t.total = Object.values(t.parts).reduce((a, b) => a + b, 0);
  return turns;
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** p50/p90/p99 of the response time: the server's e2e aggregate when present, else computed from the turns. */
export function responsePercentiles(
  latency: Latency | null | undefined,
  turns: Turn[],
): { p50?: number; p90?: number; p99?: number } {
  const agg: LatencyStat | undefined = latency?.e2e;
  if (agg && typeof agg.p50_ms === 'number') {
    return {
      p50: agg.p50_ms,
      ...(typeof agg.p90_ms === 'number' ? { p90: agg.p90_ms } : {}),
      ...(typeof agg.p99_ms === 'number' ? { p99: agg.p99_ms } : {}),
    };
  }
  const values = turns.map((t) => t.e2e ?? t.total).filter((v) => v > 0);
  const out: { p50?: number; p90?: number; p99?: number } = {};
  const p50 = percentile(values, 50);
  const p90 = percentile(values, 90);
  const p99 = percentile(values, 99);
  if (p50 !== undefined) out.p50 = p50;
  if (p90 !== undefined) out.p90 = p90;
  if (p99 !== undefined) out.p99 = p99;
  return out;
}

/** A round axis maximum (100, 200, 250, 500, 1000 × 10^n) above `v`. */
export function niceMax(v: number): number {
  if (v <= 0) return 100;
  const pow = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= v) return m * pow;
  return 10 * pow;
}
