import { scaleBand, scaleLinear } from 'd3-scale';
import { formatValue } from '../internal/format-number.js';
import { checkOptions, describeValue } from '@digitkit/core';
import { optionalText } from '../internal/validate.js';
import { svgDocument } from '../render/svg-document.js';
import { estimateTextWidth, group, heading, line, rect, text } from '../render/svg-elements.js';
import { seriesColors } from '../scales/categorical-colors.js';

/** One model's results: a `name` plus numeric metrics (`accuracy`, `f1Macro`, `trainSeconds`, …). */
export interface ModelComparisonRow {
  /** Model name (escaped). */
  name: string;
  /** Metric values, finite and ≥ 0. */
  [metric: string]: string | number | undefined;
}

/** Options of {@link renderModelComparison}. */
export interface ModelComparisonOptions {
  /** Metric keys to show, one panel each (each with its own scale, so seconds and rates can sit side by side).
   * Default: every numeric key present in all rows. */
  metrics?: ReadonlyArray<string>;
  /** Display names of metrics. Default: the keys. */
  metricLabels?: Readonly<Record<string, string>>;
  /** Figure title. Default 'Model comparison'. */
  title?: string;
}

const FN = 'renderModelComparison';
const KNOWN_OPTIONS = ['metrics', 'metricLabels', 'title'];

/**
 * Renders horizontal bars comparing several models, one small panel per metric with the value on each bar.
 * Bars start at 0.
 *
 * @throws RangeError for no rows, a missing/non-finite/negative metric value, or no metric to show.
 */
export function renderModelComparison(rows: ReadonlyArray<ModelComparisonRow>, options: ModelComparisonOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  if (!Array.isArray(rows)) throw new TypeError(`${FN}: expected rows to be an array of { name, ...metrics }, got ${describeValue(rows)}`);
  if (rows.length === 0) throw new RangeError(`${FN}: expected rows to be a non-empty array, got an array of length 0`);
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || typeof row.name !== 'string') {
      throw new TypeError(`${FN}: expected rows[${i}] to be an object with a string name, got ${describeValue(row)}`);
    }
  });
  if (options.metrics !== undefined && (!Array.isArray(options.metrics) || options.metrics.some((m) => typeof m !== 'string'))) {
    throw new TypeError(`${FN}: expected options.metrics to be an array of metric names, got ${describeValue(options.metrics)}`);
  }
  if (options.metricLabels !== undefined && (options.metricLabels === null || typeof options.metricLabels !== 'object')) {
    throw new TypeError(`${FN}: expected options.metricLabels to be an object of names, got ${describeValue(options.metricLabels)}`);
  }
  const metrics = options.metrics
    ? [...options.metrics]
    : Object.keys(rows[0]).filter((k) => k !== 'name' && rows.every((r) => typeof r[k] === 'number'));
  if (metrics.length === 0) {
    throw new RangeError(`${FN}: expected a metric to show (options.metrics, or a numeric field in every row), got none`);
  }
  const values = metrics.map((m) =>
    rows.map((row, i) => {
      const v = row[m];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${FN}: expected rows[${i}].${m} to be a finite number >= 0, got ${describeValue(v)}`);
      return v;
    }),
  );
  const title = optionalText(FN, 'options.title', options.title, 'Model comparison');
  const head = heading(title);
  const nameWidth = Math.min(220, Math.max(...rows.map((r) => estimateTextWidth(r.name, 12)))) + 20;
  const panelWidth = 220;
  const barHeight = 22;
  const top = 64;
  const y = scaleBand<number>().domain(rows.map((_, i) => i)).range([top, top + rows.length * (barHeight + 8)]).padding(0.15);
  const colors = seriesColors(rows.length);
  let body = head.markup;
  rows.forEach((row, i) => {
    body += text(nameWidth - 8, y(i)! + y.bandwidth() / 2, row.name, { size: 12, anchor: 'end', baseline: 'middle', attrs: { class: 'model-name' } });
  });
  metrics.forEach((metric, p) => {
    const left = nameWidth + p * (panelWidth + 24);
    const max = Math.max(...values[p]);
    const x = scaleLinear().domain([0, max > 0 ? max : 1]).range([left, left + panelWidth - 50]);
    body += text(left, top - 12, options.metricLabels?.[metric] ?? metric, { size: 12, weight: 'bold' });
    let bars = '';
    values[p].forEach((v, i) => {
      bars += rect(left, y(i)!, x(v) - left, y.bandwidth(), { fill: colors[i], class: 'bar' });
      bars += text(x(v) + 4, y(i)! + y.bandwidth() / 2, formatValue(v), { size: 11, baseline: 'middle', fill: '#333' });
    });
    body += line(left, top, left, y.range()[1], { stroke: '#555' }) + group(bars, { class: 'bars' });
  });
  return svgDocument({
    width: Math.max(nameWidth + metrics.length * (panelWidth + 24), head.width), height: y.range()[1] + 16, title,
    description: `${rows.length} models compared on ${metrics.join(', ')}.`, body,
  });
}
