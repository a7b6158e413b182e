import { scaleLinear, scaleLog } from 'd3-scale';
import { checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, describeValue } from '@digitkit/core';
import { linePath, type Point } from '../geometry/line-path.js';
import { formatValue } from '../internal/format-number.js';
import { optionalText, toFiniteArray } from '../internal/validate.js';
import { renderLinearAxis, type AxisScale } from '../render/axis.js';
import { renderSeriesLegend } from '../render/series-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { circle, group, heading, line, path, rect } from '../render/svg-elements.js';
import { DASH_PATTERNS, seriesColors } from '../scales/categorical-colors.js';

/** One point of a {@link LineChartSeries}: `y` at `x`, with an optional spread around it. */
export interface LineChartPoint {
  /** Position on the x axis (> 0 with `xScale: 'log'`). */
  x: number;
  /** Value (e.g. a mean). */
  y: number;
  /** Symmetric spread (≥ 0): drawn from y − error to y + error (e.g. a standard deviation). */
  error?: number;
  /** Lower end of an asymmetric spread (≤ y, e.g. the minimum over seeds); needs `high`, excludes `error`. */
  low?: number;
  /** Upper end of an asymmetric spread (≥ y, e.g. the maximum over seeds); needs `low`, excludes `error`. */
  high?: number;
}

/** One named line of {@link renderLineChart}. */
export interface LineChartSeries {
  /** Name shown in the legend (escaped). */
  name: string | number;
  /** Points in strictly increasing x. */
  points: ReadonlyArray<LineChartPoint>;
}

/** Options of {@link renderLineChart}. */
export interface LineChartOptions {
  /** Figure title (also the SVG `<title>`). Default 'Line chart'. */
  title?: string;
  /** Accessible description (`<desc>`). Default: generated from the series names and point counts. */
  description?: string;
  /** x axis title. Default none. */
  xLabel?: string;
  /** y axis title. Default none. */
  yLabel?: string;
  /** 'linear' (default) or 'log' (base 10; every x and the domain must be > 0, e.g. N = 1…500 examples). */
  xScale?: 'linear' | 'log';
  /** x domain [min, max]; every x must lie inside. Default: the extent of the x values. */
  xDomain?: readonly [number, number];
  /** y domain [min, max]; every y must lie inside (spreads are clipped to it). Default: the extent of y and the
   * spreads, padded by 5 % and rounded to nice values. */
  yDomain?: readonly [number, number];
  /** Tick values of the x axis (inside the domain). Default: d3's ticks (log: 1, 2, 5 × powers of ten). */
  xTicks?: ReadonlyArray<number>;
  /** How spreads are drawn: 'band' (a translucent area, default) or 'bars' (error bars with caps). */
  errorStyle?: 'band' | 'bars';
  /** Draw a marker at every point. Default true. */
  showPoints?: boolean;
  /** Plot area width in px (without axes and legend). Default 420, ≥ 80. */
  width?: number;
  /** Plot area height in px. Default 260, ≥ 60. */
  height?: number;
}

const FN = 'renderLineChart';
const KNOWN_OPTIONS = [
  'title', 'description', 'xLabel', 'yLabel', 'xScale', 'xDomain', 'yDomain', 'xTicks', 'errorStyle', 'showPoints', 'width', 'height',
];
/** Most series one chart draws. */
export const MAX_LINE_SERIES = 100;
/** Most points (over all series) one chart draws. */
export const MAX_LINE_POINTS = 100_000;
/** Left edge of the plot area (px): room for the y tick labels and axis title. */
export const LINE_CHART_LEFT = 70;
/** Top edge of the plot area (px): below the figure title. */
export const LINE_CHART_TOP = 48;

interface ResolvedPoint {
  x: number;
  y: number;
  low?: number;
  high?: number;
}

/**
 * Renders several series of (x, y) points as lines, with an optional spread per point (mean ± std as a band or
 * error bars), a linear or log-10 x axis, axis titles and a legend. The plot area is the rect of class
 * `plot-area`: a point at data coordinates (x, y) lands at `left + width · (x − x0) / (x1 − x0)` (log: of log10 x)
 * and `top + height · (y1 − y) / (y1 − y0)`; markers are `circle.point` in series order.
 *
 * @throws TypeError for wrong types or an unknown option; RangeError for no series, an empty series, NaN/Infinity,
 *   x not strictly increasing within a series, x ≤ 0 on a log axis, a spread that does not contain y, a value
 *   outside an explicit domain, an empty domain, or more than {@link MAX_LINE_SERIES} series /
 *   {@link MAX_LINE_POINTS} points.
 */
export function renderLineChart(series: ReadonlyArray<LineChartSeries>, options: LineChartOptions = {}): string {
  const settings = resolveLineChartOptions(options);
  const data = resolveSeries(series, settings.xScale === 'log');
  const plotWidth = settings.width;
  const plotHeight = settings.height;
  const left = LINE_CHART_LEFT;
  const top = LINE_CHART_TOP;

  // Scales: data → pixels.
  const xDomain = settings.xDomain ?? dataExtent(data.flatMap((s) => s.points.map((p) => p.x)));
  if (xDomain[0] === xDomain[1]) {
    if (settings.xScale === 'log') xDomain[1] = xDomain[0] * 10;
    else xDomain[1] = xDomain[0] + 1;
  }
  const yDomain = settings.yDomain ?? niceYDomain(data);
  checkInside(data, 'x', xDomain);
  checkInside(data, 'y', yDomain);
  const x: AxisScale = settings.xScale === 'log'
    ? scaleLog().domain(xDomain).range([left, left + plotWidth])
    : scaleLinear().domain(xDomain).range([left, left + plotWidth]);
  const y = scaleLinear().domain(yDomain).range([top + plotHeight, top]);
  const clipY = (v: number) => y(Math.min(yDomain[1], Math.max(yDomain[0], v)));

  // Geometry and rendering.
  const colors = seriesColors(data.length);
  const dash = (i: number) => DASH_PATTERNS[i % DASH_PATTERNS.length];
  let spreads = '';
  let lines = '';
  let markers = '';
  data.forEach((s, i) => {
    const pixels: Point[] = s.points.map((p) => [x(p.x), y(p.y)]);
    const spread = s.points.filter((p) => p.low !== undefined);
    if (spread.length > 0 && settings.errorStyle === 'band') {
      const upper: Point[] = spread.map((p) => [x(p.x), clipY(p.high!)]);
      const lower: Point[] = spread.map((p): Point => [x(p.x), clipY(p.low!)]).reverse();
      spreads += path(`${linePath([...upper, ...lower])}Z`, { fill: colors[i], 'fill-opacity': 0.18, stroke: 'none', class: 'error-band' });
    } else if (spread.length > 0) {
      for (const p of spread) {
        const px = x(p.x);
        const [y0, y1] = [clipY(p.low!), clipY(p.high!)];
        spreads += group(
          line(px, y0, px, y1, { stroke: colors[i], 'stroke-width': 1.4 }) +
            line(px - 4, y0, px + 4, y0, { stroke: colors[i], 'stroke-width': 1.4 }) +
            line(px - 4, y1, px + 4, y1, { stroke: colors[i], 'stroke-width': 1.4 }),
          { class: 'error-bar' },
        );
      }
    }
    lines += path(linePath(pixels), {
      fill: 'none', stroke: colors[i], 'stroke-width': 2, 'stroke-dasharray': dash(i), class: 'series-line',
    });
    if (settings.showPoints) for (const [px, py] of pixels) markers += circle(px, py, 3, { fill: colors[i], class: 'point' });
  });
  const xTicks = settings.xTicks ?? defaultXTicks(x, settings.xScale, xDomain);
  const axes =
    renderLinearAxis(x, { orient: 'bottom', position: top + plotHeight, label: settings.xLabel, gridTo: top, tickValues: xTicks, format: formatValue }) +
    renderLinearAxis(y, { orient: 'left', position: left, label: settings.yLabel, gridTo: left + plotWidth });
  const head = heading(settings.title);
  const legend = renderSeriesLegend(
    data.map((s, i) => ({ label: s.name, color: colors[i], kind: 'line' as const, dash: dash(i) })),
    left + plotWidth + 16, top,
  );
  const description = settings.description ??
    `${data.length} series (${data.map((s) => `${s.name}: ${s.points.length} points`).join('; ')})` +
      `${settings.xLabel ? ` of ${settings.yLabel || 'y'} against ${settings.xLabel}` : ''}` +
      `${settings.xScale === 'log' ? ', log-scaled x axis' : ''}${data.some((s) => s.points.some((p) => p.low !== undefined)) ? `, spreads as ${settings.errorStyle === 'band' ? 'bands' : 'error bars'}` : ''}.`;
  return svgDocument({
    width: Math.max(left + plotWidth + 16 + legend.width + 12, head.width),
    height: Math.max(top + plotHeight + (settings.xLabel ? 52 : 32), top + legend.height + 8),
    title: settings.title,
    description,
    body:
      head.markup + axes + rect(left, top, plotWidth, plotHeight, { fill: 'none', stroke: '#ccc', class: 'plot-area' }) +
      group(spreads, { class: 'spreads' }) + group(lines, { class: 'lines' }) + group(markers, { class: 'points' }) + legend.markup,
  });
}

interface LineChartSettings {
  title: string;
  description?: string;
  xLabel: string;
  yLabel: string;
  xScale: 'linear' | 'log';
  xDomain?: [number, number];
  yDomain?: [number, number];
  xTicks?: number[];
  errorStyle: 'band' | 'bars';
  showPoints: boolean;
  width: number;
  height: number;
}

/** Step 1: the options, checked and with their defaults. */
function resolveLineChartOptions(options: LineChartOptions): LineChartSettings {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const xScale = checkOneOf(FN, 'options.xScale', options.xScale ?? 'linear', ['linear', 'log'] as const);
  const xDomain = options.xDomain === undefined ? undefined : resolveDomain('options.xDomain', options.xDomain, xScale === 'log');
  const yDomain = options.yDomain === undefined ? undefined : resolveDomain('options.yDomain', options.yDomain, false);
  let xTicks: number[] | undefined;
  if (options.xTicks !== undefined) {
    xTicks = toFiniteArray(FN, 'options.xTicks', options.xTicks, xScale === 'log' ? { min: Number.MIN_VALUE } : {});
  }
  return {
    title: optionalText(FN, 'options.title', options.title, 'Line chart'),
    ...(options.description === undefined ? {} : { description: optionalText(FN, 'options.description', options.description, '') }),
    xLabel: optionalText(FN, 'options.xLabel', options.xLabel, ''),
    yLabel: optionalText(FN, 'options.yLabel', options.yLabel, ''),
    xScale,
    ...(xDomain === undefined ? {} : { xDomain }),
    ...(yDomain === undefined ? {} : { yDomain }),
    ...(xTicks === undefined ? {} : { xTicks }),
    errorStyle: checkOneOf(FN, 'options.errorStyle', options.errorStyle ?? 'band', ['band', 'bars'] as const),
    showPoints: options.showPoints === undefined ? true : checkBoolean(FN, 'options.showPoints', options.showPoints),
    width: checkFiniteNumber(FN, 'options.width', options.width ?? 420, { min: 80 }),
    height: checkFiniteNumber(FN, 'options.height', options.height ?? 260, { min: 60 }),
  };
}

function resolveDomain(name: string, value: unknown, positive: boolean): [number, number] {
  const domain = toFiniteArray(FN, name, value, positive ? { min: Number.MIN_VALUE } : {});
  if (domain.length !== 2 || !(domain[0] < domain[1])) {
    throw new RangeError(`${FN}: expected ${name} to be [min, max] with min < max${positive ? ' and min > 0' : ''}, got ${describeValue(value)}`);
  }
  return [domain[0], domain[1]];
}

/** Step 2: the series, checked (types, finiteness, increasing x, spreads containing y, size limits). */
function resolveSeries(series: unknown, logX: boolean): Array<{ name: string; points: ResolvedPoint[] }> {
  if (!Array.isArray(series)) throw new TypeError(`${FN}: expected series to be an array of { name, points }, got ${describeValue(series)}`);
  if (series.length === 0) throw new RangeError(`${FN}: expected series to be a non-empty array, got an array of length 0`);
  checkInteger(FN, 'the number of series', series.length, { max: MAX_LINE_SERIES });
  let total = 0;
  return series.map((s: unknown, i) => {
    if (s === null || typeof s !== 'object') throw new TypeError(`${FN}: expected series[${i}] to be { name, points }, got ${describeValue(s)}`);
    const { name, points } = s as { name: unknown; points: unknown };
    if (typeof name !== 'string' && typeof name !== 'number') {
      throw new TypeError(`${FN}: expected series[${i}].name to be a string or number, got ${describeValue(name)}`);
    }
    if (!Array.isArray(points)) throw new TypeError(`${FN}: expected series[${i}].points to be an array of { x, y }, got ${describeValue(points)}`);
    if (points.length === 0) throw new RangeError(`${FN}: expected series[${i}].points to be a non-empty array, got an array of length 0`);
    total += points.length;
    checkInteger(FN, 'the number of points', total, { max: MAX_LINE_POINTS });
    const resolved = points.map((p: unknown, j) => resolvePoint(`series[${i}].points[${j}]`, p, logX));
    for (let j = 1; j < resolved.length; j++) {
      if (!(resolved[j].x > resolved[j - 1].x)) {
        throw new RangeError(`${FN}: expected series[${i}].points[${j}].x to be greater than the previous x (${resolved[j - 1].x}; x strictly increasing), got ${resolved[j].x}`);
      }
    }
    return { name: String(name), points: resolved };
  });
}

function resolvePoint(name: string, point: unknown, logX: boolean): ResolvedPoint {
  if (point === null || typeof point !== 'object') throw new TypeError(`${FN}: expected ${name} to be { x, y }, got ${describeValue(point)}`);
  checkOptions(FN, point as object, ['x', 'y', 'error', 'low', 'high'], name);
  const p = point as LineChartPoint;
  const x = checkFiniteNumber(FN, `${name}.x`, p.x, logX ? { greaterThan: 0 } : {});
  const y = checkFiniteNumber(FN, `${name}.y`, p.y);
  if (p.error !== undefined) {
    if (p.low !== undefined || p.high !== undefined) {
      throw new TypeError(`${FN}: expected ${name} to have either error or low and high, got all three`);
    }
    const error = checkFiniteNumber(FN, `${name}.error`, p.error, { min: 0 });
    return { x, y, low: y - error, high: y + error };
  }
  if ((p.low === undefined) !== (p.high === undefined)) {
    throw new TypeError(`${FN}: expected ${name} to have both low and high, got only ${p.low === undefined ? 'high' : 'low'}`);
  }
  if (p.low === undefined) return { x, y };
  const low = checkFiniteNumber(FN, `${name}.low`, p.low, { max: y });
  const high = checkFiniteNumber(FN, `${name}.high`, p.high, { min: y });
  return { x, y, low, high };
}

function dataExtent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The default y domain: y values and spreads, padded by 5 % and rounded outwards to nice values. */
function niceYDomain(data: Array<{ points: ResolvedPoint[] }>): [number, number] {
  const [lo, hi] = dataExtent(data.flatMap((s) => s.points.flatMap((p) => (p.low === undefined ? [p.y] : [p.y, p.low, p.high!]))));
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 1;
  const domain = scaleLinear().domain([lo - pad, hi + pad]).nice().domain();
  return [domain[0], domain[1]];
}

function checkInside(data: Array<{ points: ResolvedPoint[] }>, axis: 'x' | 'y', domain: [number, number]): void {
  data.forEach((s, i) => s.points.forEach((p, j) => {
    const v = p[axis];
    if (v < domain[0] || v > domain[1]) {
      throw new RangeError(`${FN}: expected series[${i}].points[${j}].${axis} to be inside options.${axis}Domain [${domain[0]}, ${domain[1]}], got ${v}`);
    }
  }));
}

/** Ticks of the x axis: d3's for a linear scale; 1, 2, 5 × 10^k inside the domain for a log scale. */
function defaultXTicks(x: AxisScale, kind: 'linear' | 'log', domain: [number, number]): number[] {
  if (kind === 'linear') return x.ticks(6);
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(domain[0])); k <= Math.ceil(Math.log10(domain[1])); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= domain[0] * (1 - 1e-12) && v <= domain[1] * (1 + 1e-12)) ticks.push(Number(v.toPrecision(12)));
    }
  }
  return ticks;
}
