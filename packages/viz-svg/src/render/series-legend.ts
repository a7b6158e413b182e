import { estimateTextWidth, group, line, rect, text } from './svg-elements.js';

/** One legend entry. */
export interface SeriesLegendEntry {
  label: string;
  color: string;
  /** 'line' draws a short stroke (with optional dash), 'swatch' a filled square. */
  kind: 'line' | 'swatch';
  dash?: string;
}

/** A vertical list of legend entries at (x, y); returns the markup and its size. */
export function renderSeriesLegend(
  entries: ReadonlyArray<SeriesLegendEntry>,
  x: number,
  y: number,
  options: { size?: number; rowHeight?: number; background?: boolean } = {},
): { markup: string; width: number; height: number } {
  const size = options.size ?? 11;
  const rowHeight = options.rowHeight ?? 16;
  let out = '';
  let width = 0;
  entries.forEach((entry, i) => {
    const cy = y + 8 + i * rowHeight;
    if (entry.kind === 'line') {
      out += line(x + 6, cy, x + 28, cy, { stroke: entry.color, 'stroke-width': 2.5, 'stroke-dasharray': entry.dash });
    } else {
      out += rect(x + 10, cy - 6, 12, 12, { fill: entry.color });
    }
    out += text(x + 34, cy, entry.label, { size, baseline: 'middle', fill: '#222' });
    width = Math.max(width, 40 + estimateTextWidth(entry.label, size));
  });
  const height = entries.length * rowHeight + 4;
  const background = options.background
    ? rect(x, y - 2, width, height, { fill: '#ffffff', 'fill-opacity': 0.85, stroke: '#ccc', rx: 3 })
    : '';
  return { markup: group(background + out, { class: 'legend' }), width, height };
}
