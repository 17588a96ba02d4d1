import type { Latency, LatencyStat } from '../../api/types.ts';
import { DataTable } from '../../components/data-table.tsx';
import { formatMs } from '../../lib/format.ts';
import { niceMax, responsePercentiles, stages, turnsOf } from './latency.ts';

const W = 640;
const H = 220;
const pad = { l: 48, r: 92, t: 12, b: 28 };

/**
 * Where the time went, per turn: stacked end-of-turn / STT / knowledge / tools / LLM / TTS bars,
 * the measured response time (e2e) as a tick, and p50/p90/p99 lines; the same numbers as a table.
 */
export function LatencyChart({ latency }: { latency: Latency | null }) {
  const turns = turnsOf(latency);
  if (turns.length === 0)
    return <p class="muted">No latency yet: it is recorded once the agent answers a turn.</p>;
  const pcts = responsePercentiles(latency, turns);
  const maxV = niceMax(Math.max(...turns.map((t) => Math.max(t.total, t.e2e ?? 0)), pcts.p99 ?? 0));
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const y = (v: number) => pad.t + ih - (v / maxV) * ih;
  const slot = iw / turns.length;
  const bw = Math.min(36, slot * 0.6);
  const used = stages.filter((s) => turns.some((t) => t.parts[s.key] > 0));
  return (
    <div class="latency">
      <ul class="legend" aria-label="Legend">
        <li class="legend-axis">ms per turn</li>
        {used.map((s) => (
          <li key={s.key}>
            <span class={`swatch ${s.cls}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
        {turns.some((t) => t.e2e !== undefined) ? (
          <li>
            <span class="swatch swatch-e2e" aria-hidden="true" />
            Response time (e2e)
          </li>
        ) : null}
      </ul>
      <svg
        class="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Latency per turn, p50 ${formatMs(pcts.p50)}`}
      >
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line class="grid-line" x1={pad.l} x2={W - pad.r} y1={y(maxV * f)} y2={y(maxV * f)} />
            <text class="axis-label" x={pad.l - 6} y={y(maxV * f) + 4} text-anchor="end">
              {Math.round(maxV * f)}
            </text>
          </g>
        ))}
        {turns.map((t, i) => {
          const cx = pad.l + slot * i + slot / 2;
          let acc = 0;
          return (
            <g key={t.turn}>
              <title>
                {`Turn ${t.turn}: ${stages
                  .filter((s) => t.parts[s.key] > 0)
                  .map((s) => `${s.label} ${Math.round(t.parts[s.key])} ms`)
                  .join(', ')}${t.e2e !== undefined ? `; response ${Math.round(t.e2e)} ms` : ''}`}
              </title>
              {stages.map((s) => {
                const v = t.parts[s.key];
                if (v <= 0) return null;
                const y0 = y(acc);
                acc += v;
                return (
                  <rect
                    key={s.key}
                    class={s.cls}
                    x={cx - bw / 2}
                    width={bw}
                    y={y(acc)}
                    height={Math.max(0, y0 - y(acc))}
                  />
                );
              })}
              {t.e2e !== undefined ? (
                <line
                  class="e2e-tick"
                  x1={cx - bw / 2 - 4}
                  x2={cx + bw / 2 + 4}
                  y1={y(t.e2e)}
                  y2={y(t.e2e)}
                />
              ) : null}
              {turns.length <= 30 || i % Math.ceil(turns.length / 30) === 0 ? (
                <text class="axis-label" x={cx} y={H - 10} text-anchor="middle">
                  {t.turn}
                </text>
              ) : null}
            </g>
          );
        })}
        {pctLabels(pcts, y).map(({ k, name, v, labelY }) => (
          <g key={k}>
            <line class={`pct-line pct-${k}`} x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
            <text class={`pct-label pct-text-${k}`} x={W - pad.r + 4} y={labelY + 4}>
              {name} {Math.round(v)}
            </text>
          </g>
        ))}
      </svg>
      <details class="latency-table">
        <summary>Numbers per turn and per component</summary>
        <table class="table table-compact">
          <thead>
            <tr>
              <th scope="col">Turn</th>
              {used.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
              <th scope="col">Sum</th>
              <th scope="col">e2e</th>
            </tr>
          </thead>
          <tbody>
            {turns.map((t) => (
              <tr key={t.turn}>
                <td>{t.turn}</td>
                {used.map((s) => (
                  <td key={s.key}>{t.parts[s.key] ? Math.round(t.parts[s.key]) : '—'}</td>
                ))}
                <td>{Math.round(t.total)}</td>
                <td>{t.e2e !== undefined ? Math.round(t.e2e) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Aggregates latency={latency} />
      </details>
    </div>
  );
}

/** p50/p90/p99 lines; equal values share one label, and close labels are pushed apart to stay readable. */
function pctLabels(pcts: { p50?: number; p90?: number; p99?: number }, y: (v: number) => number) {
  const out: { k: 'p50' | 'p90' | 'p99'; name: string; v: number; labelY: number }[] = [];
  for (const k of ['p50', 'p90', 'p99'] as const) {
    const v = pcts[k];
    if (v === undefined) continue;
    const prev = out[out.length - 1];
    if (prev && Math.round(prev.v) === Math.round(v)) {
      prev.name = `${prev.name.split('–')[0]}–${k.slice(1)}`;
      continue;
    }
    out.push({ k, name: k, v, labelY: prev ? Math.min(y(v), prev.labelY - 12) : y(v) });
  }
  return out;
}

const aggKeys: [keyof Latency, string][] = [
  ['e2e', 'Response (e2e)'],
  ['eou_delay', 'End of turn'],
  ['stt', 'Speech-to-text'],
  ['llm_ttft', 'LLM first token'],
  ['tts_ttfb', 'TTS first audio'],
];

function Aggregates({ latency }: { latency: Latency | null }) {
  const rows = aggKeys.filter(([k]) => latency?.[k]) as [keyof Latency, string][];
  if (rows.length === 0) return null;
  return (
    <DataTable headers={['Component', 'p50', 'p90', 'p99', 'avg', 'min–max', 'samples', 'provider']} compact>
      {rows.map(([k, label]) => {
        const s = latency![k] as LatencyStat;
        return (
          <tr key={k}>
            <td>{label}</td>
            <td>{formatMs(s.p50_ms)}</td>
            <td>{formatMs(s.p90_ms)}</td>
            <td>{formatMs(s.p99_ms)}</td>
            <td>{formatMs(s.avg_ms)}</td>
            <td>
              {formatMs(s.min_ms)}–{formatMs(s.max_ms)}
            </td>
            <td>{s.samples ?? '—'}</td>
            <td>{s.provider ?? '—'}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
