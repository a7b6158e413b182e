/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Rounds a coordinate to 2 decimals for compact SVG. */
export function r2(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** A standalone SVG document with width/height/viewBox and a <title>. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${r2(width)}" height="${r2(height)}" viewBox="0 0 ${r2(width)} ${r2(height)}" ` +
    `font-family="system-ui, sans-serif" font-size="12">` +
    `<title>${escapeXml(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
  );
}

/** A text element; `anchor` is start/middle/end. */
export function label(x: number, y: number, content: unknown, options: { anchor?: string; size?: number; weight?: string; fill?: string; rotate?: number } = {}): string {
  const transform = options.rotate ? ` transform="rotate(${options.rotate} ${r2(x)} ${r2(y)})"` : '';
  return (
    `<text x="${r2(x)}" y="${r2(y)}" text-anchor="${options.anchor ?? 'start'}" font-size="${options.size ?? 12}"` +
    `${options.weight ? ` font-weight="${options.weight}"` : ''} fill="${options.fill ?? '#222222'}"${transform}>${escapeXml(content)}</text>`
  );
}

/** Okabe–Ito colour-blind-safe palette (10 entries, extended with two greys). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999', '#666666'];

/** Linear map from a domain to a range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (x: number) => number {
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** About `count` round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** Formats a tick value compactly. */
export function formatTick(v: number): string {
  if (Math.abs(v) >= 1000) return v.toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}

/** Viridis-like sequential colour for t in [0, 1] (5-stop interpolation of viridis). */
export function sequentialColor(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  return interpolate(stops, t);
}

/** Blue–white–red diverging colour for t in [-1, 1]. */
export function divergingColor(t: number): string {
  const stops = [
    [5, 48, 97],
    [67, 147, 195],
    [247, 247, 247],
    [214, 96, 77],
    [103, 0, 31],
  ];
  return interpolate(stops, (Math.max(-1, Math.min(1, t)) + 1) / 2);
}

function interpolate(stops: number[][], t: number): string {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((v, k) => Math.round(v + f * (stops[i + 1][k] - v)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Black or white text, whichever reads better on an `rgb(r,g,b)` background. */
export function textColorOn(rgb: string): string {
  const m = /rgb\((\d+),(\d+),(\d+)\)/.exec(rgb);
  if (!m) return '#111111';
  const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#111111' : '#ffffff';
}
