import { scaleLinear } from 'd3-scale';
import { linePath, type Point } from '../geometry/line-path.js';
import { simplifyPolyline } from '../geometry/simplify-polyline.js';
import { checkFiniteNumber, checkOptions, describeValue } from '@digitkit/core';
import { optionalText, toFiniteArray } from '../internal/validate.js';
import { renderLinearAxis } from '../render/axis.js';
import { renderSeriesLegend } from '../render/series-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { group, heading, line, path, rect } from '../render/svg-elements.js';
import { DASH_PATTERNS, seriesColors } from '../scales/categorical-colors.js';

/** One one-vs-rest ROC curve (as in `evaluateClassifier(...).rocCurves`). */
export interface RocCurveInput {
  /** Class name shown in the legend (escaped). */
  label: string | number;
  /** False-positive rates in [0, 1], same length as `tpr`. */
  fpr: ArrayLike<number>;
  /** True-positive rates in [0, 1]. */
  tpr: ArrayLike<number>;
  /** Area under the curve; computed with the trapezoid rule when absent. */
  auc?: number;
}

/** Options of {@link renderRocCurves}. */
export interface RocCurvesOptions {
  /** Figure title. Default 'ROC curves (one-vs-rest)'. */
  title?: string;
  /** Plot side in px. Default 360. */
  size?: number;
  /** Zoom onto the top-left corner: the largest FPR shown (the TPR axis shows [1 − zoom, 1]). Default 1 (full). */
  zoom?: number;
}

const FN = 'renderRocCurves';
const KNOWN_OPTIONS = ['title', 'size', 'zoom'];

/**
 * Renders one ROC curve per class with "label (AUC 0.998)" in the legend and the dashed chance diagonal.
 *
 * @throws RangeError for an empty list, mismatched fpr/tpr lengths, fewer than 2 points, or rates outside [0, 1].
 */
export function renderRocCurves(curves: ReadonlyArray<RocCurveInput>, options: RocCurvesOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  if (!Array.isArray(curves)) throw new TypeError(`${FN}: expected curves to be an array of { label, fpr, tpr }, got ${describeValue(curves)}`);
  if (curves.length === 0) throw new RangeError(`${FN}: expected curves to be a non-empty array, got an array of length 0`);
  const data = curves.map((c, i) => {
    if (c === null || typeof c !== 'object') throw new TypeError(`${FN}: expected curves[${i}] to be { label, fpr, tpr }, got ${describeValue(c)}`);
    const fpr = toFiniteArray(FN, `curves[${i}].fpr`, c.fpr, { min: 0, max: 1 });
    const tpr = toFiniteArray(FN, `curves[${i}].tpr`, c.tpr, { min: 0, max: 1 });
    if (fpr.length !== tpr.length) {
      throw new RangeError(`${FN}: expected curves[${i}].tpr to have ${fpr.length} values like curves[${i}].fpr, got ${tpr.length}`);
    }
    if (fpr.length < 2) throw new RangeError(`${FN}: expected curves[${i}] to have at least 2 points, got ${fpr.length}`);
    let auc = c.auc;
    if (auc === undefined) {
      auc = 0;
      for (let p = 1; p < fpr.length; p++) auc += ((fpr[p] - fpr[p - 1]) * (tpr[p] + tpr[p - 1])) / 2;
    } else {
      checkFiniteNumber(FN, `curves[${i}].auc`, auc, { min: 0, max: 1 });
    }
    return { label: String(c.label), fpr, tpr, auc };
  });
  const zoom = checkFiniteNumber(FN, 'options.zoom', options.zoom ?? 1, { greaterThan: 0, max: 1 });
  const size = checkFiniteNumber(FN, 'options.size', options.size ?? 360, { min: 50 });
  const title = optionalText(FN, 'options.title', options.title, zoom < 1 ? 'ROC curves (one-vs-rest, top-left corner)' : 'ROC curves (one-vs-rest)');
  const head = heading(title);
  const left = 64;
  const top = 44;
  const x = scaleLinear().domain([0, zoom]).range([left, left + size]);
  const y = scaleLinear().domain([1 - zoom, 1]).range([top + size, top]);
  const colors = seriesColors(data.length);
  let lines = '';
  data.forEach((c, i) => {
    const points: Point[] = c.fpr.map((f, p) => [x(Math.min(f, zoom)), y(Math.max(c.tpr[p], 1 - zoom))]);
    lines += path(linePath(simplifyPolyline(points)), {
      fill: 'none', stroke: colors[i], 'stroke-width': 1.8, 'stroke-dasharray': DASH_PATTERNS[i % DASH_PATTERNS.length], class: 'roc-curve',
    });
  });
  const chance = line(x(0), y(Math.max(0, 1 - zoom)), x(Math.min(zoom, 1)), y(Math.min(zoom, 1)), {
    stroke: '#888', 'stroke-dasharray': '4 4', class: 'chance',
  });
  const axes =
    renderLinearAxis(x, { orient: 'bottom', position: top + size, label: 'false positive rate', gridTo: top }) +
    renderLinearAxis(y, { orient: 'left', position: left, label: 'true positive rate', gridTo: left + size });
  const legend = renderSeriesLegend(
    data.map((c, i) => ({ label: `${c.label} (AUC ${c.auc.toFixed(4)})`, color: colors[i], kind: 'line' as const, dash: DASH_PATTERNS[i % DASH_PATTERNS.length] })),
    left + size + 16, top,
  );
  return svgDocument({
    width: Math.max(left + size + 16 + legend.width + 12, head.width), height: top + size + 52, title,
    description: `${data.length} one-vs-rest ROC curves with the chance diagonal.`,
    body: head.markup + axes + rect(left, top, size, size, { fill: 'none', stroke: '#ccc' }) + chance + group(lines, { class: 'curves' }) + legend.markup,
  });
}
