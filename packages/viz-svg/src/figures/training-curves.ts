import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { linePath, type Point } from '../geometry/line-path.js';
import { describe } from '../internal/validate.js';
import { renderLinearAxis } from '../render/axis.js';
import { renderSeriesLegend } from '../render/series-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { circle, group, heading, line, path, text } from '../render/svg-elements.js';
import { OKABE_ITO } from '../scales/categorical-colors.js';

/** One epoch of a training history (the `TrainingHistory` contract; extra fields are ignored). */
export interface TrainingEpoch {
  /** Epoch number (0- or 1-based, strictly increasing). */
  epoch: number;
  /** Training loss. */
  loss: number;
  /** Training accuracy in [0, 1]. */
  accuracy: number;
  /** Validation loss, when a validation set was used. */
  valLoss?: number;
  /** Validation accuracy in [0, 1]. */
  valAccuracy?: number;
  /** Learning rate of the epoch (required only with `showLearningRate`). */
  learningRate?: number;
}
// No index signature: any object with these fields fits (e.g. @digitkit/cnn-models' EpochLog with `seconds`,
// `imagesPerSecond`, …), and the other fields are ignored.

/** The history shape read by {@link renderTrainingCurves}. */
export interface TrainingHistoryInput {
  /** One entry per epoch, in order. */
  epochs: ReadonlyArray<TrainingEpoch>;
  /** Epoch (its `epoch` value) with the best validation result, marked with a vertical line. */
  bestEpoch?: number;
  /** Whether early stopping ended training (marked at the last epoch). */
  stoppedEarly?: boolean;
}

/** Options of {@link renderTrainingCurves}. */
export interface TrainingCurvesOptions {
  /** Panels, one per metric, train vs validation. Default ['accuracy', 'loss']. */
  metrics?: ReadonlyArray<'accuracy' | 'loss'>;
  /** Add a learning-rate panel (log scale not used; values as given). Default false. */
  showLearningRate?: boolean;
  /** Figure title. Default 'Training curves'. */
  title?: string;
  /** Panel plot size in px. Default 320 × 220. */
  panelWidth?: number;
  panelHeight?: number;
}

const FN = 'renderTrainingCurves';
const VALIDATION_KEY = { accuracy: 'valAccuracy', loss: 'valLoss' } as const;

/**
 * Renders train (solid blue) vs validation (dashed orange) curves per epoch, one panel per metric,
 * with the best epoch and the early-stopping point marked.
 *
 * @throws RangeError for no epochs, non-increasing epoch numbers, or a NaN/infinite metric.
 */
export function renderTrainingCurves(history: TrainingHistoryInput, options: TrainingCurvesOptions = {}): string {
  const epochs = history?.epochs;
  if (!Array.isArray(epochs) || epochs.length === 0) throw new RangeError(`${FN}: expected history.epochs to be a non-empty array, got ${describe(epochs)}`);
  const metrics: Array<'accuracy' | 'loss' | 'learningRate'> = [...(options.metrics ?? ['accuracy', 'loss'])];
  if (metrics.length === 0 || metrics.some((m) => m !== 'accuracy' && m !== 'loss')) {
    throw new RangeError(`${FN}: expected metrics to be a non-empty list of 'accuracy' and 'loss', got ${describe(options.metrics)}`);
  }
  if (options.showLearningRate) metrics.push('learningRate');
  const check = (value: unknown, where: string, optional: boolean): number | undefined => {
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`${FN}: expected ${where} to be a finite number, got ${describe(value)}`);
    return value;
  };
  epochs.forEach((e, i) => {
    check(e?.epoch, `epochs[${i}].epoch`, false);
    if (i > 0 && e.epoch <= epochs[i - 1].epoch) throw new RangeError(`${FN}: expected increasing epoch numbers, got ${epochs[i - 1].epoch} then ${e.epoch} at index ${i}`);
    for (const m of metrics) {
      if (m === 'learningRate') check(e.learningRate, `epochs[${i}].learningRate`, false);
      else {
        check(e[m], `epochs[${i}].${m}`, false);
        check(e[VALIDATION_KEY[m as 'accuracy' | 'loss']], `epochs[${i}].${VALIDATION_KEY[m as 'accuracy' | 'loss']}`, true);
      }
    }
  });
  if (history.bestEpoch !== undefined && !epochs.some((e) => e.epoch === history.bestEpoch)) {
    throw new RangeError(`${FN}: bestEpoch ${describe(history.bestEpoch)} is not one of the history's epochs`);
  }
  const panelWidth = options.panelWidth ?? 320;
  const panelHeight = options.panelHeight ?? 220;
  const title = options.title ?? 'Training curves';
  const notes: string[] = [];
  if (history.bestEpoch !== undefined) notes.push(`best epoch ${history.bestEpoch}`);
  if (history.stoppedEarly) notes.push(`stopped early at epoch ${epochs[epochs.length - 1].epoch}`);
  const head = heading(title, notes.length ? notes.join(', ') : undefined);
  const top = 84;
  const colors = { train: OKABE_ITO[0], validation: OKABE_ITO[1] };
  const epochDomain = extent(epochs, (e) => e.epoch) as [number, number];
  if (epochDomain[0] === epochDomain[1]) epochDomain[1] += 1;
  let body = head.markup;
  let hasValidation = false;
  metrics.forEach((metric, p) => {
    const left = 70 + p * (panelWidth + 90);
    const x = scaleLinear().domain(epochDomain).range([left, left + panelWidth]);
    const train = epochs.map((e) => (metric === 'learningRate' ? e.learningRate! : (e[metric] as number)));
    const validation = metric === 'learningRate' ? [] : epochs.map((e) => e[VALIDATION_KEY[metric as 'accuracy' | 'loss']] as number | undefined);
    const all = [...train, ...validation.filter((v): v is number => v !== undefined)];
    const [lo, hi] = extent(all) as [number, number];
    const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    const y = scaleLinear().domain([lo - pad, hi + pad]).nice().range([top + panelHeight, top]);
    const integerEpochs = epochs.every((e) => Number.isInteger(e.epoch));
    const xTicks = integerEpochs ? x.ticks(Math.min(8, epochs.length)).filter(Number.isInteger) : undefined;
    body += renderLinearAxis(x, { orient: 'bottom', position: top + panelHeight, label: 'epoch', gridTo: top, tickValues: xTicks, format: integerEpochs ? String : undefined });
    body += renderLinearAxis(y, { orient: 'left', position: left, label: metric === 'learningRate' ? 'learning rate' : metric, gridTo: left + panelWidth });
    body += text(left, top - 10, metric === 'learningRate' ? 'learning rate' : metric, { size: 12, weight: 'bold' });
    const series = (values: ReadonlyArray<number | undefined>, color: string, dash: string | undefined, kind: string) => {
      const points: Point[] = [];
      values.forEach((v, i) => {
        if (v !== undefined) points.push([x(epochs[i].epoch), y(v)]);
      });
      let out = path(linePath(points), { fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': dash, class: `series ${kind}` });
      if (points.length <= 60) for (const [px, py] of points) out += circle(px, py, 2.5, { fill: color });
      return out;
    };
    body += group(series(train, colors.train, undefined, 'train'), { class: 'train' });
    if (validation.some((v) => v !== undefined)) {
      hasValidation = true;
      body += group(series(validation, colors.validation, '6 3', 'validation'), { class: 'validation' });
    }
    if (history.bestEpoch !== undefined) {
      const bx = x(history.bestEpoch);
      body += line(bx, top, bx, top + panelHeight, { stroke: '#009E73', 'stroke-width': 1.5, 'stroke-dasharray': '3 3', class: 'best-epoch' });
      body += text(bx + 4, top + 12, 'best', { size: 10, fill: '#00704f' });
    }
    if (history.stoppedEarly) {
      const sx = x(epochs[epochs.length - 1].epoch);
      body += line(sx, top, sx, top + panelHeight, { stroke: '#D55E00', 'stroke-width': 1.5, class: 'early-stop' });
      body += text(sx - 4, top + 26, 'early stop', { size: 10, anchor: 'end', fill: '#a34700' });
    }
  });
  const legendEntries = [{ label: 'train', color: colors.train, kind: 'line' as const }];
  if (hasValidation) legendEntries.push({ label: 'validation', color: colors.validation, kind: 'line' as const, dash: '6 3' } as never);
  const legend = renderSeriesLegend(legendEntries, Math.max(260, head.width), 14);
  body += legend.markup;
  const width = Math.max(70 + metrics.length * (panelWidth + 90) - 50, Math.max(260, head.width) + legend.width + 12);
  return svgDocument({
    width, height: top + panelHeight + 50, title,
    description: `Train${hasValidation ? ' and validation' : ''} ${metrics.join(', ')} over ${epochs.length} epochs.`,
    body,
  });
}
