import { max as arrayMax, sum } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { pieSlices } from '../geometry/pie-slices.js';
import { checkInteger, checkOneOf, checkOptions } from '@digitkit/core';
import { isArrayLike, optionalText, resolveLabelNames, toFiniteArray } from '../internal/validate.js';
import { renderLinearAxis } from '../render/axis.js';
import { renderSeriesLegend } from '../render/series-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { group, heading, path, rect, text } from '../render/svg-elements.js';
import { seriesColors } from '../scales/categorical-colors.js';
import { readableTextColor } from '../scales/readable-text-color.js';

/** Counts per class: an array, or an object with a `counts` array (e.g. `classDistribution` output). */
export type ClassCountsInput = ArrayLike<number> | { counts: ArrayLike<number> };

/** Options of {@link renderClassDistribution}. */
export interface ClassDistributionOptions {
  /** 'bar' (default) or 'pie'. */
  kind?: 'bar' | 'pie';
  /** Second distribution to compare with, e.g. after oversampling (grouped bars or a second pie). */
  compareWith?: ClassCountsInput;
  /** Names of the two series. Default ['before', 'after']. */
  seriesNames?: [string, string];
  /** Class names. Default '0', '1', …. */
  labelNames?: ReadonlyArray<string>;
  /** Figure title. Default 'Class distribution'. */
  title?: string;
}

const FN = 'renderClassDistribution';
const KNOWN_OPTIONS = ['kind', 'compareWith', 'seriesNames', 'labelNames', 'title'];

function toCounts(name: string, input: unknown): number[] {
  const array = !isArrayLike(input) && input !== null && typeof input === 'object' && 'counts' in input ? (input as { counts: unknown }).counts : input;
  const counts = toFiniteArray(FN, name, array, { min: 0 });
  if (counts.length === 0) throw new RangeError(`${FN}: expected ${name} to have at least one class, got 0`);
  return counts;
}

/**
 * Renders counts per class as bars (with the count on each bar) or as a pie (with percentages),
 * optionally next to a second distribution.
 *
 * @throws RangeError for NaN or negative counts, or two distributions with different class counts.
 */
export function renderClassDistribution(counts: ClassCountsInput, options: ClassDistributionOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const series = [toCounts('counts', counts)];
  if (options.compareWith !== undefined) series.push(toCounts('options.compareWith', options.compareWith));
  const k = checkInteger(FN, 'the number of classes', series[0].length, { max: 10_000 });
  if (series[1] && series[1].length !== k) {
    throw new RangeError(`${FN}: expected options.compareWith to have ${k} classes like counts, got ${series[1].length}`);
  }
  const names = resolveLabelNames(FN, 'options.labelNames', options.labelNames, k);
  const seriesNames = resolveLabelNames(FN, 'options.seriesNames', options.seriesNames ?? ['before', 'after'], 2) as [string, string];
  const kind = checkOneOf(FN, 'options.kind', options.kind ?? 'bar', ['bar', 'pie'] as const);
  const title = optionalText(FN, 'options.title', options.title, 'Class distribution');
  const head = heading(title, series.map((s, i) => `${series.length > 1 ? `${seriesNames[i]}: ` : ''}${sum(s)} images`).join(', '));
  if (kind === 'pie') return renderPies(series, names, seriesNames, title, head);

  const top = 66;
  const left = 64;
  const plotHeight = 260;
  const bandWidth = Math.max(28, series.length * 22 + 8);
  const plotWidth = k * bandWidth;
  const x = scaleBand<number>().domain(series[0].map((_, i) => i)).range([left, left + plotWidth]).paddingInner(0.2).paddingOuter(0.1);
  const inner = scaleBand<number>().domain(series.map((_, i) => i)).range([0, x.bandwidth()]).padding(0.05);
  const rotateLabels = series.length > 1 || bandWidth < 40;
  // Headroom above the tallest bar for its count label (rotated labels need more).
  const maxCount = (arrayMax(series.flat()) ?? 0) || 1;
  const y = scaleLinear().domain([0, maxCount * (rotateLabels ? 1.14 : 1.06)]).nice().range([top + plotHeight, top]);
  const colors = seriesColors(2);
  let bars = '';
  series.forEach((s, si) => {
    s.forEach((v, i) => {
      const bx = x(i)! + inner(si)!;
      bars += rect(bx, y(v), inner.bandwidth(), y(0) - y(v), { fill: colors[si], class: 'bar' });
      if (inner.bandwidth() >= 10) {
        bars += text(bx + inner.bandwidth() / 2, y(v) - 4, String(v), {
          size: 10, anchor: rotateLabels ? 'start' : 'middle', rotate: rotateLabels ? -90 : 0, fill: '#333',
          attrs: rotateLabels ? { dy: '0.35em' } : {},
        });
      }
    });
  });
  let axes = renderLinearAxis(y, { orient: 'left', position: left, label: 'images', gridTo: left + plotWidth });
  names.forEach((name, i) => {
    axes += text(x(i)! + x.bandwidth() / 2, top + plotHeight + 8, name, { size: 11, anchor: 'middle', baseline: 'hanging', attrs: { class: 'tick-label' } });
  });
  axes += text(left + plotWidth / 2, top + plotHeight + 36, 'class', { size: 12, anchor: 'middle' });
  let legend = '';
  let legendWidth = 0;
  if (series.length > 1) {
    const l = renderSeriesLegend(seriesNames.map((label, i) => ({ label, color: colors[i], kind: 'swatch' as const })), left + plotWidth + 16, top);
    legend = l.markup;
    legendWidth = l.width + 16;
  }
  return svgDocument({
    width: Math.max(left + plotWidth + 20 + legendWidth, head.width), height: top + plotHeight + 50, title,
    description: `Bar chart of images per class for ${k} classes.`,
    body: head.markup + axes + group(bars, { class: 'bars' }) + legend,
  });
}

function renderPies(
  series: number[][],
  names: string[],
  seriesNames: [string, string],
  title: string,
  head: { markup: string; width: number },
): string {
  const radius = 130;
  const colors = seriesColors(names.length);
  let body = head.markup;
  series.forEach((s, si) => {
    const cx = 24 + radius + si * (2 * radius + 40);
    const cy = 70 + radius + (series.length > 1 ? 16 : 0);
    const total = sum(s);
    if (series.length > 1) body += text(cx, 74, seriesNames[si], { size: 12, anchor: 'middle', weight: 'bold' });
    let slices = '';
    for (const slice of pieSlices(s, radius)) {
      const color = colors[slice.index];
      slices += path(slice.d, { fill: color, stroke: '#ffffff', 'stroke-width': 1, class: 'slice' });
      if (slice.endAngle - slice.startAngle > 0.2) {
        const pct = total > 0 ? (100 * slice.value) / total : 0;
        slices += text(slice.labelPosition[0], slice.labelPosition[1], `${pct.toFixed(1)}%`, {
          size: 10, anchor: 'middle', baseline: 'middle', fill: readableTextColor(color),
        });
      }
    }
    body += group(slices, { transform: `translate(${cx} ${cy})`, class: 'pie' });
  });
  const legendX = 24 + series.length * (2 * radius + 40) - 16;
  const legend = renderSeriesLegend(names.map((label, i) => ({ label, color: colors[i], kind: 'swatch' as const })), legendX, 70);
  body += legend.markup;
  return svgDocument({
    width: Math.max(legendX + legend.width + 12, head.width), height: Math.max(70 + 2 * radius + 40, 70 + legend.height + 12), title,
    description: `Pie chart of images per class for ${names.length} classes.`, body,
  });
}
