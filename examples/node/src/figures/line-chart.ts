import { formatTick, label, linear, PALETTE, r2, svgDocument, ticks } from './svg.js';

/** One line of a {@link lineChartPanel}. */
export interface LineSeries {
  name: string;
  points: Array<[number, number]>;
  color?: string;
  dashed?: boolean;
}

interface PanelOptions {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Vertical marker at this x, with a caption. */
  marker?: { x: number; text: string };
  diagonal?: boolean;
}

let clipCounter = 0;

/** One panel with axes, grid, lines and a legend; returns SVG markup (no document). */
export function lineChartPanel(series: LineSeries[], options: PanelOptions): string {
  const margin = { left: 56, right: 16, top: 30 + 14 * Math.ceil(series.length / 2), bottom: 40 };
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter(Number.isFinite);
  const xDomain = options.xDomain ?? [Math.min(...xs), Math.max(...xs)];
  let yDomain = options.yDomain ?? [Math.min(...ys), Math.max(...ys)];
  if (yDomain[0] === yDomain[1]) yDomain = [yDomain[0] - 0.5, yDomain[1] + 0.5];
  const px = linear(xDomain[0], xDomain[1], options.x + margin.left, options.x + options.width - margin.right);
  const py = linear(yDomain[0], yDomain[1], options.y + options.height - margin.bottom, options.y + margin.top);
  let out = label(options.x + margin.left, options.y + 16, options.title, { size: 13, weight: 'bold' });
  for (const t of ticks(yDomain[0], yDomain[1], 5)) {
    out += `<line x1="${r2(px(xDomain[0]))}" x2="${r2(px(xDomain[1]))}" y1="${r2(py(t))}" y2="${r2(py(t))}" stroke="#e5e5e5"/>`;
    out += label(px(xDomain[0]) - 6, py(t) + 4, formatTick(t), { anchor: 'end', size: 10 });
  }
  const xTicks =
    xDomain[1] - xDomain[0] <= 12 && Number.isInteger(xDomain[0]) && Number.isInteger(xDomain[1])
      ? range(xDomain[0], xDomain[1])
      : ticks(xDomain[0], xDomain[1], 6);
  for (const t of xTicks) out += label(px(t), py(yDomain[0]) + 14, formatTick(t), { anchor: 'middle', size: 10 });
  out += `<line x1="${r2(px(xDomain[0]))}" x2="${r2(px(xDomain[1]))}" y1="${r2(py(yDomain[0]))}" y2="${r2(py(yDomain[0]))}" stroke="#444444"/>`;
  out += `<line x1="${r2(px(xDomain[0]))}" x2="${r2(px(xDomain[0]))}" y1="${r2(py(yDomain[0]))}" y2="${r2(py(yDomain[1]))}" stroke="#444444"/>`;
  out += label((px(xDomain[0]) + px(xDomain[1])) / 2, options.y + options.height - 8, options.xLabel, { anchor: 'middle', size: 11 });
  out += label(options.x + 14, (py(yDomain[0]) + py(yDomain[1])) / 2, options.yLabel, { anchor: 'middle', size: 11, rotate: -90 });
  if (options.diagonal) {
    out += `<line x1="${r2(px(0))}" y1="${r2(py(0))}" x2="${r2(px(1))}" y2="${r2(py(1))}" stroke="#999999" stroke-dasharray="4 3"/>`;
  }
  if (options.marker) {
    const mx = px(options.marker.x);
    out += `<line x1="${r2(mx)}" x2="${r2(mx)}" y1="${r2(py(yDomain[0]))}" y2="${r2(py(yDomain[1]))}" stroke="#888888" stroke-dasharray="3 3"/>`;
    const nearRight = mx > options.x + options.width - margin.right - 90;
    out += label(nearRight ? mx - 4 : mx + 4, py(yDomain[1]) + 10, options.marker.text, { size: 10, fill: '#555555', anchor: nearRight ? 'end' : 'start' });
  }
  // Lines are clipped to the plot area (ids are unique within a page that inlines many figures).
  const clipId = `clip-${(clipCounter += 1)}-${Math.random().toString(36).slice(2, 8)}`;
  const left = px(xDomain[0]);
  const bottom = py(yDomain[0]);
  out += `<clipPath id="${clipId}"><rect x="${r2(left - 3)}" y="${r2(py(yDomain[1]) - 3)}" width="${r2(px(xDomain[1]) - left + 6)}" height="${r2(bottom - py(yDomain[1]) + 6)}"/></clipPath><g clip-path="url(#${clipId})">`;
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const points = s.points.filter((p) => Number.isFinite(p[1]));
    if (points.length === 0) return;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r2(px(p[0]))},${r2(py(p[1]))}`).join('');
    out += `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>`;
    if (points.length <= 40) for (const p of points) out += `<circle cx="${r2(px(p[0]))}" cy="${r2(py(p[1]))}" r="2.5" fill="${color}"/>`;
  });
  out += '</g>';
  // Legend between the title and the plot, two entries per row.
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const legendX = options.x + margin.left + (k % 2) * 180;
    const y = options.y + 32 + Math.floor(k / 2) * 14;
    out += `<line x1="${r2(legendX)}" x2="${r2(legendX + 18)}" y1="${r2(y)}" y2="${r2(y)}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 3"' : ''}/>`;
    out += label(legendX + 22, y + 4, s.name, { size: 10 });
  });
  return out;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let v = a; v <= b; v++) out.push(v);
  return out;
}

/** Training curves: one panel per metric (accuracy, loss), train vs validation, the best epoch marked. */
export function renderTrainingCurves(
  history: { epochs: Array<{ epoch: number; loss: number; accuracy: number; valLoss?: number; valAccuracy?: number }>; bestEpoch?: number },
  options: { metrics?: Array<'accuracy' | 'loss'> } = {},
): string {
  const metrics = options.metrics ?? ['accuracy', 'loss'];
  const panelWidth = 420;
  const height = 300;
  const epochs = history.epochs;
  const first = epochs[0]?.epoch ?? 1;
  const last = epochs.at(-1)?.epoch ?? 1;
  const xDomain: [number, number] = first === last ? [first - 1, last] : [first, last];
  let body = '';
  metrics.forEach((metric, k) => {
    const validationKey = metric === 'accuracy' ? 'valAccuracy' : 'valLoss';
    const series: LineSeries[] = [
      { name: `train ${metric}`, points: epochs.map((e) => [e.epoch, e[metric]]), color: PALETTE[0] },
    ];
    if (epochs.some((e) => e[validationKey] !== undefined)) {
      series.push({ name: `validation ${metric}`, points: epochs.map((e) => [e.epoch, e[validationKey] ?? Number.NaN]), color: PALETTE[5], dashed: true });
    }
    body += lineChartPanel(series, {
      x: k * panelWidth,
      y: 0,
      width: panelWidth,
      height,
      title: metric === 'accuracy' ? 'Accuracy per epoch' : 'Loss (cross-entropy) per epoch',
      xLabel: 'epoch',
      yLabel: metric,
      xDomain,
      marker: history.bestEpoch !== undefined ? { x: history.bestEpoch, text: `best epoch ${history.bestEpoch}` } : undefined,
    });
  });
  return svgDocument(metrics.length * panelWidth, height, 'Training curves: train vs validation', body);
}

/** One-vs-rest ROC curves, AUC in the legend, chance diagonal. */
export function renderRocCurves(curves: Array<{ label: string; fpr: ArrayLike<number>; tpr: ArrayLike<number>; auc: number }>): string {
  const series: LineSeries[] = curves.map((c, k) => ({
    name: `${c.label} (AUC ${c.auc.toFixed(4)})`,
    points: thin(Array.from(c.fpr, (f, i) => [f, c.tpr[i]] as [number, number])),
    color: PALETTE[k % PALETTE.length],
    dashed: k >= 8,
  }));
  const height = 420 + 14 * Math.ceil(series.length / 2);
  const full = lineChartPanel(series, {
    x: 0, y: 0, width: 440, height,
    title: 'ROC curves, one class vs rest (test set)',
    xLabel: 'false positive rate', yLabel: 'true positive rate',
    xDomain: [0, 1], yDomain: [0, 1], diagonal: true,
  });
  // Near-perfect classifiers hug the corner: a zoomed panel shows the differences.
  const minTpr = Math.min(...curves.map((c) => interpolateTpr(c.fpr, c.tpr, 0.002)), 0.98);
  const zoomLow = Math.max(0, Math.floor(minTpr * 50) / 50);
  const zoomed = lineChartPanel(
    series.map((s) => ({ ...s, points: s.points.filter((p) => p[0] <= 0.05) })),
    {
      x: 440, y: 0, width: 440, height,
      title: `Zoom: false positive rate ≤ 0.05`,
      xLabel: 'false positive rate', yLabel: 'true positive rate',
      xDomain: [0, 0.05], yDomain: [zoomLow, 1],
    },
  );
  return svgDocument(880, height, 'ROC curves (one vs rest)', full + zoomed);
}

/** TPR of a ROC curve at a given FPR (the last point at or before it). */
function interpolateTpr(fpr: ArrayLike<number>, tpr: ArrayLike<number>, at: number): number {
  let value = 0;
  for (let i = 0; i < fpr.length && fpr[i] <= at; i++) value = tpr[i];
  return value;
}

/** Keeps at most ~300 points of a monotone curve (always the first and last). */
function thin(points: Array<[number, number]>): Array<[number, number]> {
  const head = points.filter((p) => p[0] <= 0.05);
  const tail = points.filter((p) => p[0] > 0.05);
  return [...thinEvenly(head), ...thinEvenly(tail)];
}

function thinEvenly(points: Array<[number, number]>): Array<[number, number]> {
  if (points.length <= 300) return points;
  const step = points.length / 300;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i += step) out.push(points[Math.floor(i)]);
  out.push(points[points.length - 1]);
  return out;
}
