// The soak run's small SVG: RSS (MB) and p99 latency (ms) per window over the run's minutes.
export interface SoakPoint {
  minute: number;
  rssMb: number;
  p99Ms: number;
}

export function soakSvg(points: SoakPoint[], title: string): string {
  const width = 640;
  const height = 260;
  const pad = { left: 48, right: 48, top: 28, bottom: 32 };
  const maxMinute = Math.max(...points.map((p) => p.minute), 1);
  const maxRss = Math.max(...points.map((p) => p.rssMb), 1) * 1.1;
  const maxP99 = Math.max(...points.map((p) => p.p99Ms), 1) * 1.1;
  const x = (minute: number) => pad.left + (minute / maxMinute) * (width - pad.left - pad.right);
  const y = (value: number, max: number) => height - pad.bottom - (value / max) * (height - pad.top - pad.bottom);
  const line = (value: (p: SoakPoint) => number, max: number) => points.map((p) => `${x(p.minute).toFixed(1)},${y(value(p), max).toFixed(1)}`).join(' ');
  const text = (tx: number, ty: number, body: string, anchor = 'start', fill = '#333') => `<text x="${tx}" y="${ty}" font-size="11" text-anchor="${anchor}" fill="${fill}">${body}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
${text(width / 2, 16, title, 'middle')}
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#999"/>
<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#999"/>
<line x1="${width - pad.right}" y1="${pad.top}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#999"/>
${text(pad.left - 4, pad.top + 4, `${Math.round(maxRss)} MB`, 'end', '#1565c0')}
${text(pad.left - 4, height - pad.bottom, '0', 'end', '#1565c0')}
${text(width - pad.right + 4, pad.top + 4, `${Math.round(maxP99)} ms`, 'start', '#c62828')}
${text(width - pad.right + 4, height - pad.bottom, '0', 'start', '#c62828')}
${text(width / 2, height - 8, `minutes (0–${maxMinute.toFixed(1)})`, 'middle')}
<polyline fill="none" stroke="#1565c0" stroke-width="2" points="${line((p) => p.rssMb, maxRss)}"/>
<polyline fill="none" stroke="#c62828" stroke-width="1.5" points="${line((p) => p.p99Ms, maxP99)}"/>
${text(pad.left + 8, pad.top + 14, 'RSS of the app process (MB, left)', 'start', '#1565c0')}
${text(pad.left + 8, pad.top + 28, 'p99 latency per window (ms, right)', 'start', '#c62828')}
</svg>
`;
}

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}
