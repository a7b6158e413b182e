import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { linePath, type Point } from '../geometry/line-path.js';
import { checkBoolean, checkFiniteNumber, checkOptions, checkOneOf, describeValue } from '@digitkit/core';
import { optionalText } from '../internal/validate.js';
import { renderLinearAxis } from '../render/axis.js';
import { renderSeriesLegend } from '../render/series-legend.js';
import { svgDocument } from '../render/svg-document.js';
import { circle, group, heading, line, path, text } from '../render/svg-elements.js';
import { OKABE_ITO } from '../scales/categorical-colors.js';
import {
  METRIC_PANELS,
  resolveTrainingSeries,
  type TfjsHistoryInput,
  type TrainingHistoryInput,
  type TrainingMetricName,
} from './training-history.js';

/** Options of {@link renderTrainingCurves}. */
export interface TrainingCurvesOptions {
  /**
   * Panels, one per metric, train (solid) vs validation (dashed). Default ['accuracy', 'loss']. Keras/tfjs names
   * are accepted: `acc`, `val_acc`, `val_accuracy` select the accuracy panel, `val_loss` the loss panel.
   */
  metrics?: ReadonlyArray<TrainingMetricName>;
  /** Add a learning-rate panel (log scale not used; values as given). Default false. */
  showLearningRate?: boolean;
  /** Figure title. Default 'Training curves'. */
  title?: string;
  /** Panel plot size in px. Default 320 × 220. */
  panelWidth?: number;
  panelHeight?: number;
}

const FN = 'renderTrainingCurves';
const KNOWN_OPTIONS = ['metrics', 'showLearningRate', 'title', 'panelWidth', 'panelHeight'];

/**
 * Renders train (solid blue) vs validation (dashed orange) curves per epoch, one panel per metric,
 * with the best epoch and the early-stopping point marked.
 *
 * @param history - digitkit's `{ epochs: [{ epoch, loss, accuracy, valLoss?, valAccuracy? }], bestEpoch?, stoppedEarly? }`
 *   (what `trainClassifier` returns), or the `History` tfjs's `model.fit` resolves to
 *   (`{ epoch: [0, 1, …], history: { loss, acc | accuracy, val_loss?, val_acc | val_accuracy? } }`, drawn as epochs 1…N).
 * @throws TypeError/RangeError for no epochs, non-increasing epoch numbers, a missing or NaN/infinite metric, or an
 *   unknown option.
 */
export function renderTrainingCurves(history: TrainingHistoryInput | TfjsHistoryInput, options: TrainingCurvesOptions = {}): string {
  checkOptions(FN, options, KNOWN_OPTIONS);
  const requested = options.metrics ?? ['accuracy', 'loss'];
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new TypeError(`${FN}: expected options.metrics to be a non-empty array of metric names, got ${describeValue(requested)}`);
  }
  const panels: Array<'accuracy' | 'loss' | 'learningRate'> = [];
  requested.forEach((name, i) => {
    const panel = METRIC_PANELS[checkOneOf(FN, `options.metrics[${i}]`, name, Object.keys(METRIC_PANELS) as TrainingMetricName[])];
    if (!panels.includes(panel)) panels.push(panel);
  });
  const showLearningRate = options.showLearningRate === undefined ? false : checkBoolean(FN, 'options.showLearningRate', options.showLearningRate);
  if (showLearningRate) panels.push('learningRate');
  const metrics = panels;
  const panelWidth = checkFiniteNumber(FN, 'options.panelWidth', options.panelWidth ?? 320, { min: 80 });
  const panelHeight = checkFiniteNumber(FN, 'options.panelHeight', options.panelHeight ?? 220, { min: 60 });
  const title = optionalText(FN, 'options.title', options.title, 'Training curves');
  const data = resolveTrainingSeries(FN, history, {
    accuracy: panels.includes('accuracy'),
    loss: panels.includes('loss'),
    learningRate: showLearningRate,
  });
  const epochNumbers = data.epochs;
  const epochs = epochNumbers.map((epoch) => ({ epoch }));
  const bestEpoch = data.bestEpoch;
  const notes: string[] = [];
  if (bestEpoch !== undefined) notes.push(`best epoch ${bestEpoch}`);
  if (data.stoppedEarly) notes.push(`stopped early at epoch ${epochNumbers[epochNumbers.length - 1]}`);
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
    const train = data[metric];
    const validation = metric === 'learningRate' ? [] : metric === 'accuracy' ? data.valAccuracy : data.valLoss;
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
    if (bestEpoch !== undefined) {
      const bx = x(bestEpoch);
      body += line(bx, top, bx, top + panelHeight, { stroke: '#009E73', 'stroke-width': 1.5, 'stroke-dasharray': '3 3', class: 'best-epoch' });
      body += text(bx + 4, top + 12, 'best', { size: 10, fill: '#00704f' });
    }
    if (data.stoppedEarly) {
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
