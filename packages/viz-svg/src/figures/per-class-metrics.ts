import { scaleBand, scaleLinear } from 'd3-scale';
import { checkFiniteNumber, checkOptions, describeValue } from '@digitkit/core';
import { optionalText } from '../internal/validate.js';
import { renderLinearAxis } from '../render/axis.js';
import { renderSeriesLegend } from '../render/series-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { group, heading, rect, text } from '../render/svg-elements.js';
import { seriesColors } from '../scales/categorical-colors.js';

/** The report shape read by {@link renderPerClassMetrics} (a subset of `classificationReport` output). */
export interface PerClassMetricsInput {
  /** One row per class: its label and precision, recall, F1 in [0, 1] (other fields such as support are ignored). */
  perClass: ReadonlyArray<{ label: string | number; precision: number; recall: number; f1: number }>;
}

/** Options of {@link renderPerClassMetrics}. */
export interface PerClassMetricsOptions {
  /** Figure title. Default 'Precision, recall and F1 per class'. */
  title?: string;
  /** Value axis domain. Default [floor(min − 0.02) to a tenth, 1], i.e. [0.9, 1] when every value is ≥ 0.92;
   * the subtitle states where the axis starts. */
  yDomain?: [number, number];
}

const FN = 'renderPerClassMetrics';
const KNOWN_OPTIONS = ['title', 'yDomain'];
const METRICS = ['precision', 'recall', 'f1'] as const;

/**
 * Renders grouped bars of precision, recall and F1 for each class.
 *
 * @throws RangeError for an empty report or a metric that is not a number in [0, 1].
 */
export function renderPerClassMetrics(report: PerClassMetricsInput, options: PerClassMetricsOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const rows = report?.perClass;
  if (!Array.isArray(rows)) throw new TypeError(`${FN}: expected report.perClass to be an array, got ${describeValue(rows)}`);
  if (rows.length === 0) throw new RangeError(`${FN}: expected report.perClass to be a non-empty array, got an array of length 0`);
  let min = 1;
  rows.forEach((row, i) => {
    for (const m of METRICS) {
      const v = checkFiniteNumber(FN, `report.perClass[${i}].${m}`, row?.[m], { min: 0, max: 1 });
      min = Math.min(min, v);
    }
  });
  let domain: [number, number];
  if (options.yDomain) {
    const [a, b] = Array.isArray(options.yDomain) && options.yDomain.length === 2 ? options.yDomain : [Number.NaN, Number.NaN];
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) {
      throw new RangeError(`${FN}: expected options.yDomain to be [min, max] with min < max, got ${describeValue(options.yDomain)}`);
    }
    domain = [a, b];
  } else domain = [Math.max(0, Math.floor((min - 0.02) * 10) / 10), 1];
  const title = optionalText(FN, 'options.title', options.title, 'Precision, recall and F1 per class');
  const head = heading(title, domain[0] > 0 ? `value axis starts at ${domain[0]}` : undefined);
  const top = 58;
  const left = 64;
  const plotHeight = 240;
  const plotWidth = Math.max(300, rows.length * 46);
  const x = scaleBand<number>().domain(rows.map((_, i) => i)).range([left, left + plotWidth]).paddingInner(0.25).paddingOuter(0.1);
  const inner = scaleBand<number>().domain([0, 1, 2]).range([0, x.bandwidth()]).padding(0.05);
  const y = scaleLinear().domain(domain).range([top + plotHeight, top]).clamp(true);
  const colors = seriesColors(3);
  let bars = '';
  rows.forEach((row, i) => {
    METRICS.forEach((m, mi) => {
      const v = row[m];
      bars += rect(x(i)! + inner(mi)!, y(v), inner.bandwidth(), y(domain[0]) - y(v), { fill: colors[mi], class: 'bar' });
    });
  });
  let axes = renderLinearAxis(y, { orient: 'left', position: left, label: 'score', gridTo: left + plotWidth });
  rows.forEach((row, i) => {
    axes += text(x(i)! + x.bandwidth() / 2, top + plotHeight + 8, String(row.label), { size: 11, anchor: 'middle', baseline: 'hanging', attrs: { class: 'tick-label' } });
  });
  axes += text(left + plotWidth / 2, top + plotHeight + 36, 'class', { size: 12, anchor: 'middle' });
  const legend = renderSeriesLegend(['precision', 'recall', 'F1'].map((label, i) => ({ label, color: colors[i], kind: 'swatch' as const })), left + plotWidth + 16, top);
  return svgDocument({
    width: Math.max(left + plotWidth + 16 + legend.width + 12, head.width), height: top + plotHeight + 50, title,
    description: `Grouped bars of precision, recall and F1 for ${rows.length} classes.`,
    body: head.markup + axes + group(bars, { class: 'bars' }) + legend.markup,
  });
}
