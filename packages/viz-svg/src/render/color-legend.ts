import { scaleLinear } from 'd3-scale';
import { group, rect, text } from './svg-elements.js';

/** Options of {@link renderColorLegend}. */
export interface ColorLegendOptions {
  /** Top-left corner of the color bar, px. */
  x: number;
  y: number;
  /** Bar size, px. Default 14 × 200. */
  width?: number;
  height?: number;
  /** Data domain [min, max] shown by the bar (min at the bottom). */
  domain: [number, number];
  /** Maps a data value to a color. */
  color: (value: number) => string;
  /** Tick label format. */
  format?: (value: number) => string;
  /** Title above the bar (escaped). */
  title?: string;
  /** Number of color steps drawn. Default 48. */
  steps?: number;
}

/** A vertical color bar legend drawn as stacked rects (no gradient ids, so many SVGs can share one HTML page). */
export function renderColorLegend(options: ColorLegendOptions): string {
  const width = options.width ?? 14;
  const height = options.height ?? 200;
  const steps = options.steps ?? 48;
  const [lo, hi] = options.domain;
  const scale = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).range([options.y + height, options.y]);
  let out = '';
  const stepHeight = height / steps;
  for (let i = 0; i < steps; i++) {
    const value = lo + ((i + 0.5) / steps) * (hi - lo);
    const y = options.y + height - (i + 1) * stepHeight;
    out += rect(options.x, y, width, stepHeight + 0.5, { fill: options.color(value) });
  }
  out += rect(options.x, options.y, width, height, { fill: 'none', stroke: '#888', 'stroke-width': 0.5 });
  const format = options.format ?? scale.tickFormat(5);
  for (const t of scale.ticks(5)) {
    const y = scale(t);
    out += rect(options.x + width, y - 0.5, 4, 1, { fill: '#555' });
    out += text(options.x + width + 6, y, format(t), { size: 10, baseline: 'middle', fill: '#444' });
  }
  if (options.title) out += text(options.x, options.y - 8, options.title, { size: 11, fill: '#333' });
  return group(out, { class: 'color-legend' });
}
