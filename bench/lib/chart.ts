/** A small dependency-free SVG line chart: one panel per metric, one line per series, x = N calls. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export interface Panel {
  title: string;
  unit: string;
  series: Series[];
  /** A log scale (decades from `floor`), so the low-N tail and the collapse share one panel. */
  logY?: { floor: number };
  /** A dashed horizontal line, e.g. the 10 ms target. */
  target?: { y: number; label: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Ticks: each N measured on a log2 axis (steps double), decades on a log y axis. */
function panelSvg(p: Panel, ox: number, w: number, h: number): string {
  const all = p.series.flatMap((s) => s.points);
  const xs = [...new Set(all.map((q) => q.x))].sort((a, b) => a - b);
  const maxX = Math.max(2, ...xs);
  const L = 50;
  const B = 30;
  const T = 30;
  const sx = (x: number) => ox + L + (Math.log2(Math.max(1, x)) / Math.log2(maxX)) * (w - L - 10);
  const floor = p.logY?.floor ?? 0;
  const top = Math.max(1, floor * 10, ...all.map((q) => q.y), p.target?.y ?? 0);
  const maxY = p.logY ? 10 ** Math.ceil(Math.log10(top)) : Math.ceil((top * 1.1) / 10) * 10;
  const frac = (y: number) =>
    p.logY ? Math.log10(Math.max(floor, y) / floor) / Math.log10(maxY / floor) : Math.max(0, y) / maxY;
  const sy = (y: number) => T + (1 - frac(y)) * (h - T - B);
  const yTicks = p.logY
    ? Array.from({ length: Math.round(Math.log10(maxY / floor)) + 1 }, (_, i) => floor * 10 ** i)
    : [0, maxY];
  const label = (y: number) =>
    p.unit === 'ms' && y >= 1000 ? `${y / 1000} s` : `${Math.round(y)} ${esc(p.unit)}`;
  const bottom = sy(p.logY ? floor : 0);
  const out = [
    `<text x="${ox + w / 2}" y="18" text-anchor="middle" font-size="13">${esc(p.title)}</text>`,
    `<line x1="${ox + L}" y1="${bottom}" x2="${ox + w - 10}" y2="${bottom}" stroke="#999"/>`,
    `<line x1="${ox + L}" y1="${T}" x2="${ox + L}" y2="${bottom}" stroke="#999"/>`,
    ...yTicks.map(
      (y) =>
        `<line x1="${ox + L}" y1="${sy(y)}" x2="${ox + w - 10}" y2="${sy(y)}" stroke="#eee"/><text x="${ox + L - 4}" y="${sy(y) + 3}" text-anchor="end" font-size="10">${label(y)}</text>`,
    ),
    ...xs.map((x) => `<text x="${sx(x)}" y="${bottom + 12}" text-anchor="middle" font-size="9">${x}</text>`),
    `<text x="${ox + w - 10}" y="${h - 4}" text-anchor="end" font-size="10">N calls (log scale)</text>`,
  ];
  if (p.target)
    out.push(
      `<line x1="${ox + L}" y1="${sy(p.target.y)}" x2="${ox + w - 10}" y2="${sy(p.target.y)}" stroke="#444" stroke-dasharray="4 3"/><text x="${ox + w - 12}" y="${sy(p.target.y) - 3}" text-anchor="end" font-size="10">${esc(p.target.label)}</text>`,
    );
  for (const s of p.series) {
    if (!s.points.length) continue;
    const d = s.points.map((q, i) => `${i ? 'L' : 'M'}${sx(q.x).toFixed(1)},${sy(q.y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const q of s.points)
      out.push(`<circle cx="${sx(q.x).toFixed(1)}" cy="${sy(q.y).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  return out.join('\n');
}

/** Panels side by side with a shared legend. */
export function lineChartSvg(panels: Panel[], opts: { width?: number; height?: number } = {}): string {
  const w = opts.width ?? 420;
  const h = opts.height ?? 260;
  const names = [...new Map(panels.flatMap((p) => p.series.map((s) => [s.name, s.color] as const)))];
  // Legend entries 210 px apart, wrapping to more rows when they outrun the panels.
  const perRow = Math.max(1, Math.floor((w * panels.length) / 210));
  const rows = Math.ceil(names.length / perRow);
  const legend = names
    .map(([name, color], i) => {
      const x = 10 + (i % perRow) * 210;
      const y = h + 6 + Math.floor(i / perRow) * 20;
      return `<rect x="${x}" y="${y}" width="12" height="12" fill="${color}"/><text x="${x + 18}" y="${y + 10}" font-size="12">${esc(name)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w * panels.length}" height="${h + 6 + rows * 20}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panels.map((p, i) => panelSvg(p, i * w, w, h)).join('\n')}
${legend}
</svg>
`;
}
