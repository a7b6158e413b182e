import { group, line, text } from './svg-elements.js';

/** What an axis needs of a d3 continuous scale (linear or logarithmic). */
export interface AxisScale {
  (value: number): number;
  ticks(count?: number): number[];
  tickFormat(count?: number): (value: number) => string;
  range(): number[];
}

/** Options of {@link renderLinearAxis}. */
export interface LinearAxisOptions {
  /** Which side of the plot the axis sits on. */
  orient: 'left' | 'bottom';
  /** x of a left axis, or y of a bottom axis, in px. */
  position: number;
  /** Approximate number of ticks. Default 5. */
  ticks?: number;
  /** Explicit tick values (overrides `ticks`). */
  tickValues?: ReadonlyArray<number>;
  /** Tick label format. Default: the scale's tickFormat. */
  format?: (value: number) => string;
  /** Axis title (escaped). */
  label?: string;
  /** Draw light grid lines across the plot, ending at this coordinate (px). */
  gridTo?: number;
}

/** Renders a numeric axis (line, ticks, labels, optional grid and title) for a d3 linear (or log) scale. */
export function renderLinearAxis(scale: AxisScale, options: LinearAxisOptions): string {
  const values = options.tickValues ?? scale.ticks(options.ticks ?? 5);
  const format = options.format ?? scale.tickFormat(options.ticks ?? 5);
  const [r0, r1] = scale.range();
  let out = '';
  if (options.orient === 'left') {
    const x = options.position;
    for (const v of values) {
      const y = scale(v);
      if (options.gridTo !== undefined) out += line(x, y, options.gridTo, y, { stroke: '#e6e6e6' });
      out += line(x - 4, y, x, y, { stroke: '#555' });
      out += text(x - 6, y, format(v), { size: 11, anchor: 'end', baseline: 'middle', fill: '#444' });
    }
    out += line(x, r0, x, r1, { stroke: '#555' });
    if (options.label) {
      const mid = (r0 + r1) / 2;
      out += text(x - 42, mid, options.label, { size: 12, anchor: 'middle', rotate: -90, fill: '#333' });
    }
  } else {
    const y = options.position;
    for (const v of values) {
      const x = scale(v);
      if (options.gridTo !== undefined) out += line(x, y, x, options.gridTo, { stroke: '#e6e6e6' });
      out += line(x, y, x, y + 4, { stroke: '#555' });
      out += text(x, y + 7, format(v), { size: 11, anchor: 'middle', baseline: 'hanging', fill: '#444' });
    }
    out += line(r0, y, r1, y, { stroke: '#555' });
    if (options.label) {
      out += text((r0 + r1) / 2, y + 34, options.label, { size: 12, anchor: 'middle', fill: '#333' });
    }
  }
  return group(out, { class: `axis axis-${options.orient}` });
}
