import { scaleBand } from 'd3-scale';
import { base64Encode } from '../digits/base64.js';
import { encodePng } from '../digits/png-encoder.js';
import { formatValue } from '../internal/format-number.js';
import { checkBoolean, checkFiniteNumber, checkInteger, checkOneOf, checkOptions, describeValue } from '@digitkit/core';
import { optionalText, resolveLabelNames, toMatrix, type MatrixInput } from '../internal/validate.js';
import { renderColorLegend } from '../render/color-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { group, heading, rect, text } from '../render/svg-elements.js';
import { DIVERGING_COLOR_SCALES, resolveColorScale, type ColorScale } from '../scales/color-scale.js';
import { parseColor, readableTextColor } from '../scales/readable-text-color.js';

/** Options of {@link renderHeatmap}. */
export interface HeatmapOptions {
  /** Color map. Default 'viridis' for non-negative data, 'rdbu' (blue = low, red = high) when there are negatives. */
  colorScale?: ColorScale;
  /** Color domain [min, max]. Default: [min, max] of the data; symmetric [-m, m] for a diverging map. */
  domain?: [number, number];
  /** Figure title. Default 'Heatmap'. */
  title?: string;
  /** Row / column labels (shown when cells are ≥ 12 px). Default: indices for matrices up to 30 rows/cols. */
  rowLabels?: ReadonlyArray<string>;
  columnLabels?: ReadonlyArray<string>;
  /** Plot side in px for the longer dimension. Default: 28 px per cell up to 560 px. */
  size?: number;
  /** 'rects' draws a `<rect>` per cell; 'image' embeds one RGB PNG pixel per cell; 'auto' uses rects up to
   * 2500 cells. Default 'auto'. */
  mode?: 'auto' | 'rects' | 'image';
  /** Write values in cells (rects mode, when they fit). Default: true up to 15×15. */
  showValues?: boolean;
  /** Accept NaN cells (drawn light gray), e.g. correlations of constant pixels. Default false. */
  allowNaN?: boolean;
  /** Legend title. Default 'value'. */
  legendTitle?: string;
}

const FN = 'renderHeatmap';
const KNOWN_OPTIONS = [
  'colorScale', 'domain', 'title', 'rowLabels', 'columnLabels', 'size', 'mode', 'showValues', 'allowNaN', 'legendTitle',
];
const NAN_COLOR = '#d9d9d9';

/**
 * Renders any numeric matrix as a heatmap with a color legend, e.g. a 784×784 pixel-correlation matrix.
 *
 * @param matrix - R×C numbers, as rows or `{ data, rows, cols }`.
 * @throws RangeError for a ragged matrix or NaN/Infinity (NaN allowed with `allowNaN`).
 */
export function renderHeatmap(matrix: MatrixInput, options: HeatmapOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const allowNaN = options.allowNaN === undefined ? false : checkBoolean(FN, 'options.allowNaN', options.allowNaN);
  const { rows, cols, values } = toMatrix(FN, 'matrix', matrix, { allowNaN });
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) [min, max] = [0, 1];
  const scaleOption = options.colorScale ?? (min < 0 ? 'rdbu' : 'viridis');
  const diverging = typeof scaleOption === 'string' && DIVERGING_COLOR_SCALES.has(scaleOption);
  let domain: [number, number];
  if (options.domain) {
    const [a, b] = Array.isArray(options.domain) && options.domain.length === 2 ? options.domain : [Number.NaN, Number.NaN];
    if (!Number.isFinite(a) || !Number.isFinite(b) || b <= a) {
      throw new RangeError(`${FN}: expected options.domain to be [min, max] with min < max, got ${describeValue(options.domain)}`);
    }
    domain = [a, b];
  } else if (diverging) {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    domain = [-m, m];
  } else {
    domain = max > min ? [min, max] : [min, min + 1];
  }
  const interpolate = resolveColorScale(FN, scaleOption);
  const colorOf = (v: number) => (Number.isNaN(v) ? NAN_COLOR : interpolate((v - domain[0]) / (domain[1] - domain[0])));

  const longest = Math.max(rows, cols);
  const size = checkFiniteNumber(FN, 'options.size', options.size ?? Math.min(560, Math.max(200, longest * 28)), { min: 50 });
  const cell = size / longest;
  const showLabels = cell >= 12 || options.rowLabels !== undefined || options.columnLabels !== undefined;
  const rowLabels = options.rowLabels
    ? resolveLabelNames(FN, 'options.rowLabels', options.rowLabels, rows)
    : showLabels && rows <= 30 ? resolveLabelNames(FN, 'rowLabels', undefined, rows) : undefined;
  const columnLabels = options.columnLabels
    ? resolveLabelNames(FN, 'options.columnLabels', options.columnLabels, cols)
    : showLabels && cols <= 30 ? resolveLabelNames(FN, 'columnLabels', undefined, cols) : undefined;
  const mode = checkOneOf(FN, 'options.mode', options.mode ?? 'auto', ['auto', 'rects', 'image'] as const);
  const useImage = mode === 'image' || (mode === 'auto' && rows * cols > 2500);
  if (useImage) {
    checkInteger(FN, `the cells of a heatmap drawn as an image (${rows}x${cols})`, rows * cols, { max: 4096 * 4096 });
  } else {
    checkInteger(FN, `the cells of a heatmap drawn as rects (${rows}x${cols}; use mode 'image')`, rows * cols, { max: 250_000 });
  }
  const title = optionalText(FN, 'options.title', options.title, 'Heatmap');
  const head = heading(title, `${rows}×${cols}, color domain [${formatValue(domain[0])}, ${formatValue(domain[1])}]`);
  const left = rowLabels ? 56 : 20;
  const top = 58;
  const plotWidth = cols * cell;
  const plotHeight = rows * cell;
  const x = scaleBand<number>().domain(Array.from({ length: cols }, (_, i) => i)).range([left, left + plotWidth]);
  const y = scaleBand<number>().domain(Array.from({ length: rows }, (_, i) => i)).range([top, top + plotHeight]);

  let body = '';
  if (useImage) {
    const rgb = new Uint8Array(rows * cols * 3);
    for (let i = 0; i < rows * cols; i++) {
      const [r, g, b] = parseColor(colorOf(values[i])) ?? [0, 0, 0];
      rgb[i * 3] = r;
      rgb[i * 3 + 1] = g;
      rgb[i * 3 + 2] = b;
    }
    const png = encodePng({ width: cols, height: rows, channels: 3, data: rgb });
    body += `<image x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" preserveAspectRatio="none" image-rendering="optimizeSpeed" href="data:image/png;base64,${base64Encode(png)}"/>`;
  } else {
    const showValues = options.showValues === undefined ? rows <= 15 && cols <= 15 : checkBoolean(FN, 'options.showValues', options.showValues);
    const fontSize = Math.max(10, Math.min(13, cell * 0.3));
    let cells = '';
    let labels = '';
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = values[r * cols + c];
        const fill = colorOf(v);
        cells += rect(x(c)!, y(r)!, cell, cell, { fill, class: 'cell' });
        if (showValues && cell >= 30) {
          labels += text(x(c)! + cell / 2, y(r)! + cell / 2, Number.isNaN(v) ? 'NaN' : formatValue(v), {
            size: fontSize, anchor: 'middle', baseline: 'middle', fill: readableTextColor(fill), attrs: { class: 'value' },
          });
        }
      }
    }
    body += group(cells, { class: 'cells', 'shape-rendering': 'crispEdges' }) + labels;
  }
  let axes = '';
  if (rowLabels) {
    rowLabels.forEach((label, i) => {
      axes += text(left - 6, y(i)! + cell / 2, label, { size: 10, anchor: 'end', baseline: 'middle', attrs: { class: 'tick-label' } });
    });
  }
  if (columnLabels) {
    columnLabels.forEach((label, i) => {
      axes += text(x(i)! + cell / 2, top + plotHeight + 6, label, { size: 10, anchor: 'middle', baseline: 'hanging', attrs: { class: 'tick-label' } });
    });
  }
  const legendX = left + plotWidth + 22;
  const legend = renderColorLegend({
    x: legendX, y: top, height: Math.max(120, plotHeight), domain, color: colorOf, title: optionalText(FN, 'options.legendTitle', options.legendTitle, 'value'),
  });
  const width = Math.max(legendX + 72, head.width);
  const height = top + Math.max(plotHeight, 120) + (columnLabels ? 30 : 16);
  return svgDocument({ width, height, title, description: `Heatmap of a ${rows}×${cols} matrix.`, body: head.markup + body + axes + legend });
}
