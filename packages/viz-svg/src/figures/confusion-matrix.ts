import { scaleBand, scaleLinear } from 'd3-scale';
import { formatValue } from '../internal/format-number.js';
import { checkBoolean, checkFiniteNumber, checkInteger, checkOptions } from '@digitkit/core';
import { optionalText, resolveLabelNames, toMatrix, type MatrixInput } from '../internal/validate.js';
import { renderColorLegend } from '../render/color-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { estimateTextWidth, group, heading, rect, text } from '../render/svg-elements.js';
import { resolveColorScale, type ColorScale } from '../scales/color-scale.js';
import { readableTextColor } from '../scales/readable-text-color.js';

/** Options of {@link renderConfusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Show and color row-normalized rates (each true-class row sums to 1, i.e. recall on the diagonal)
   * instead of counts. Default false. */
  normalize?: boolean;
  /** Class names, one per row/column. Default '0', '1', …. */
  labelNames?: ReadonlyArray<string>;
  /** Figure title. Default 'Confusion matrix'. */
  title?: string;
  /** Color map for the cells. Default 'blues'. */
  colorScale?: ColorScale;
  /** Cell side in px. Default 44 (≥ 20). */
  cellSize?: number;
  /** Write the value in each cell (hidden automatically when it would not fit at ≥ 10 px). Default true. */
  showValues?: boolean;
}

const FN = 'renderConfusionMatrix';
const KNOWN_OPTIONS = ['normalize', 'labelNames', 'title', 'colorScale', 'cellSize', 'showValues'];

/**
 * Renders a confusion matrix as a heatmap: rows are true classes, columns predicted classes.
 * Each cell holds its count (or row rate), written in black or white, whichever contrasts more with the cell;
 * diagonal cells get a dark outline; a color legend sits on the right.
 *
 * @param matrix - K×K non-negative counts, as rows (`number[][]`, typed arrays) or `{ data, rows, cols }`.
 * @returns a standalone SVG string.
 * @throws RangeError for a ragged or non-square matrix, NaN/Infinity or negative counts.
 */
export function renderConfusionMatrix(matrix: MatrixInput, options: ConfusionMatrixOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const { rows: k, values } = toMatrix(FN, 'matrix', matrix, { min: 0, square: true });
  checkInteger(FN, 'the number of classes (matrix rows)', k, { max: 500 });
  const labels = resolveLabelNames(FN, 'options.labelNames', options.labelNames, k);
  const normalize = options.normalize === undefined ? false : checkBoolean(FN, 'options.normalize', options.normalize);
  const showValues = options.showValues === undefined ? true : checkBoolean(FN, 'options.showValues', options.showValues);
  const cellSize = checkFiniteNumber(FN, 'options.cellSize', options.cellSize ?? 44, { min: 20 });
  const title = optionalText(FN, 'options.title', options.title, normalize ? 'Confusion matrix (row-normalized)' : 'Confusion matrix');
  const color = resolveColorScale(FN, options.colorScale ?? 'blues');

  // Data → displayed values.
  const shown = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += values[r * k + c];
    for (let c = 0; c < k; c++) shown[r * k + c] = normalize ? (sum > 0 ? values[r * k + c] / sum : 0) : values[r * k + c];
  }
  let max = 0;
  for (const v of shown) max = Math.max(max, v);
  const domainMax = normalize ? 1 : Math.max(1, max);
  const format = normalize ? (v: number) => v.toFixed(2) : formatValue;

  // Scales.
  const labelWidth = Math.max(...labels.map((l) => estimateTextWidth(l, 12)));
  const left = Math.ceil(Math.min(160, labelWidth) + 44);
  const top = 52;
  const side = k * cellSize;
  const x = scaleBand<number>().domain(range(k)).range([left, left + side]);
  const y = scaleBand<number>().domain(range(k)).range([top, top + side]);
  const colorOf = (v: number) => color(v / domainMax);
  // Column labels wider than a cell are drawn at -45° and get extra room below the matrix.
  const rotateColumns = labelWidth > cellSize - 4;
  const bottomLabels = rotateColumns ? Math.ceil(Math.min(160, labelWidth) * 0.71) + 6 : 14;
  const legendX = left + side + 24;
  const head = heading(title);
  const width = Math.max(legendX + 70, head.width);
  const height = top + side + bottomLabels + 48;

  // Rendering.
  const fontSize = Math.max(10, Math.min(14, cellSize * 0.3));
  let cells = '';
  let values_ = '';
  let diagonal = '';
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const v = shown[r * k + c];
      const fill = colorOf(v);
      cells += rect(x(c)!, y(r)!, cellSize, cellSize, { fill, class: r === c ? 'cell diagonal' : 'cell' });
      if (r === c) {
        diagonal += rect(x(c)! + 1.5, y(r)! + 1.5, cellSize - 3, cellSize - 3, { fill: 'none', stroke: '#222', 'stroke-width': 2 });
      }
      const label = format(v);
      if (showValues && estimateTextWidth(label, fontSize) <= cellSize - 4) {
        values_ += text(x(c)! + cellSize / 2, y(r)! + cellSize / 2, label, {
          size: fontSize,
          anchor: 'middle',
          baseline: 'middle',
          fill: readableTextColor(fill),
          weight: r === c ? 'bold' : 'normal',
          attrs: { class: 'value' },
        });
      }
    }
  }
  let axes = '';
  for (let i = 0; i < k; i++) {
    axes += text(left - 8, y(i)! + cellSize / 2, labels[i], { size: 12, anchor: 'end', baseline: 'middle', attrs: { class: 'tick-label' } });
    axes += rotateColumns
      ? text(x(i)! + cellSize / 2, top + side + 8, labels[i], { size: 12, anchor: 'end', baseline: 'middle', rotate: -45, attrs: { class: 'tick-label' } })
      : text(x(i)! + cellSize / 2, top + side + 8, labels[i], { size: 12, anchor: 'middle', baseline: 'hanging', attrs: { class: 'tick-label' } });
  }
  axes += text(left + side / 2, top + side + bottomLabels + 30, 'Predicted label', { size: 13, anchor: 'middle' });
  axes += text(16, top + side / 2, 'True label', { size: 13, anchor: 'middle', rotate: -90 });
  const legendScale = scaleLinear().domain([0, domainMax]);
  const legend = renderColorLegend({
    x: legendX,
    y: top,
    height: side,
    domain: [0, domainMax],
    color: colorOf,
    format: normalize ? (v) => v.toFixed(1) : legendScale.tickFormat(5, 'd'),
    title: normalize ? 'rate' : 'count',
  });
  return svgDocument({
    width,
    height,
    title,
    description: `${k}×${k} confusion matrix; rows are true labels, columns predicted labels.`,
    body: head.markup + group(cells, { class: 'cells' }) + diagonal + values_ + axes + legend,
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
