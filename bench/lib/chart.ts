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
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panelSvg(p: Panel, ox: number, w: number, h: number): string {
  const all = p.series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map((q) => q.x));
  const maxY = Math.max(1, ...all.map((q) => q.y)) * 1.1;
  const L = 50;
  const B = 30;
  const T = 30;
  const sx = (x: number) => ox + L + (x / maxX) * (w - L - 10);
  const sy = (y: number) => T + (1 - y / maxY) * (h - T - B);
  const out = [
    `<text x="${ox + w / 2}" y="18" text-anchor="middle" font-size="13">${esc(p.title)}</text>`,
    `<line x1="${ox + L}" y1="${sy(0)}" x2="${ox + w - 10}" y2="${sy(0)}" stroke="#999"/>`,
    `<line x1="${ox + L}" y1="${T}" x2="${ox + L}" y2="${sy(0)}" stroke="#999"/>`,
    `<text x="${ox + L - 4}" y="${T + 4}" text-anchor="end" font-size="10">${Math.round(maxY)} ${esc(p.unit)}</text>`,
    `<text x="${ox + L - 4}" y="${sy(0)}" text-anchor="end" font-size="10">0</text>`,
    `<text x="${ox + w - 10}" y="${h - 8}" text-anchor="end" font-size="10">N calls (max ${maxX})</text>`,
  ];
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
  const legend = names
    .map(
      ([name, color], i) =>
        `<rect x="${10 + i * 200}" y="${h + 6}" width="12" height="12" fill="${color}"/><text x="${28 + i * 200}" y="${h + 16}" font-size="12">${esc(name)}</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w * panels.length}" height="${h + 26}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panels.map((p, i) => panelSvg(p, i * w, w, h)).join('\n')}
${legend}
</svg>
`;
}
