import { niceMax } from '../pages/calls/latency.ts';

const W = 960;
const H = 180;
const pad = { l: 44, r: 8, t: 10, b: 26 };

/** A single-series bar chart in inline SVG (per-day usage), with a data table for screen readers. */
export function BarChart({
  title,
  data,
  format = (v) => String(Math.round(v)),
  minMax = 1,
}: {
  /** The y axis reaches at least this (counts: 4, so ticks stay whole numbers). */
  minMax?: number;
  title: string;
  data: { label: string; value: number }[];
  format?: (v: number) => string;
}) {
  const max = niceMax(Math.max(minMax, ...data.map((d) => d.value)));
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const slot = iw / Math.max(1, data.length);
  const bw = Math.max(2, slot * 0.7);
  const y = (v: number) => pad.t + ih - (v / max) * ih;
  const every = Math.ceil(data.length / 10);
  const empty = data.every((d) => d.value === 0);
  return (
    <figure class="barchart">
      {empty ? <figcaption class="chart-empty">Nothing in this period yet</figcaption> : null}
      <svg
        class="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${title}: total ${format(data.reduce((a, d) => a + d.value, 0))}`}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line class="grid-line" x1={pad.l} x2={W - pad.r} y1={y(max * f)} y2={y(max * f)} />
            <text class="axis-label" x={pad.l - 6} y={y(max * f) + 4} text-anchor="end">
              {format(max * f)}
            </text>
          </g>
        ))}
        {data.map((d, i) => (
          <g key={d.label}>
            <rect
              class="bar"
              x={pad.l + slot * i + (slot - bw) / 2}
              width={bw}
              y={y(d.value)}
              height={Math.max(0, pad.t + ih - y(d.value))}
              rx={1.5}
            >
              <title>{`${d.label}: ${format(d.value)}`}</title>
            </rect>
            {i % every === 0 ? (
              <text class="axis-label" x={pad.l + slot * i + slot / 2} y={H - 8} text-anchor="middle">
                {d.label.slice(5)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <details class="latency-table">
        <summary>{title} as a table</summary>
        <table class="table table-compact">
          <tbody>
            {data
              .filter((d) => d.value > 0)
              .map((d) => (
                <tr key={d.label}>
                  <td>{d.label}</td>
                  <td>{format(d.value)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
