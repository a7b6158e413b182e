/**
 * Writes every figure of @digitkit/viz-svg, drawn from real MNIST data, to gallery-out/ (SVG + PNG via resvg)
 * plus report.html. Predictions come from a small softmax-regression model trained here in plain TypeScript
 * on 6000 training images (so the confusion matrix, ROC curves and per-class metrics are real, if modest).
 * Metrics come from @digitkit/metrics' evaluateClassifier.
 * Run: pnpm --filter @digitkit/viz-svg gallery
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@digitkit/mnist-data/node';
import { evaluateClassifier } from '@digitkit/metrics';
import { Resvg } from '@resvg/resvg-js';
import {
  renderAugmentationComparison, renderClassDistribution, renderConfusionMatrix, renderDigitGrid, renderHeatmap,
  renderMeanDigits, renderModelComparison, renderPerClassMetrics, renderReportHtml, renderRocCurves,
  renderSampleGallery, renderTrainingCurves,
} from '../src/index.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'gallery-out');
mkdirSync(out, { recursive: true });
function writeAtomic(file: string, data: string | Uint8Array): void {
  const target = join(out, file);
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}

const { train, test } = await loadMnist({ limit: 7000 });
const P = 784;
const K = 10;
const pixel = (ds: typeof train, i: number) => ds.images.subarray(i * P, (i + 1) * P);

// --- A tiny softmax regression (SGD, plain arrays) to get real predictions and a real training history.
const trainCount = 6000;
const valStart = 6000;
const valCount = 1000;
const W = new Float64Array(K * P);
const b = new Float64Array(K);
function probabilities(x: Uint8Array): Float64Array {
  const z = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = b[k];
    for (let p = 0; p < P; p++) if (x[p]) s += W[k * P + p] * (x[p] / 255);
    z[k] = s;
  }
  const m = Math.max(...z);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k] - m);
  for (let k = 0; k < K; k++) z[k] /= sum;
  return z;
}
function evaluate(ds: typeof train, start: number, count: number) {
  let loss = 0;
  let correct = 0;
  for (let i = start; i < start + count; i++) {
    const pr = probabilities(pixel(ds, i));
    loss -= Math.log(Math.max(1e-12, pr[ds.labels[i]]));
    if (pr.indexOf(Math.max(...pr)) === ds.labels[i]) correct++;
  }
  return { loss: loss / count, accuracy: correct / count };
}
const epochs = [];
let bestEpoch = 1;
let bestValLoss = Infinity;
for (let epoch = 1; epoch <= 12; epoch++) {
  const lr = 0.5 / (1 + 0.3 * (epoch - 1));
  const t0 = performance.now();
  for (let i = 0; i < trainCount; i++) {
    const x = pixel(train, i);
    const pr = probabilities(x);
    pr[train.labels[i]] -= 1;
    for (let k = 0; k < K; k++) {
      const g = pr[k] * lr * 0.1;
      b[k] -= g;
      for (let p = 0; p < P; p++) if (x[p]) W[k * P + p] -= g * (x[p] / 255);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const tr = evaluate(train, 0, trainCount);
  const va = evaluate(train, valStart, valCount);
  epochs.push({ epoch, loss: tr.loss, accuracy: tr.accuracy, valLoss: va.loss, valAccuracy: va.accuracy, learningRate: lr, seconds, imagesPerSecond: trainCount / seconds });
  if (va.loss < bestValLoss) [bestValLoss, bestEpoch] = [va.loss, epoch];
  else if (epoch - bestEpoch >= 3) break;
}
const history = { epochs, bestEpoch, stoppedEarly: epochs.length < 12 };

// --- Test-set predictions, evaluated with @digitkit/metrics (its result shapes feed the renderers directly).
const n = test.count;
const scores = Array.from({ length: n }, (_, i) => probabilities(pixel(test, i)));
const evaluation = evaluateClassifier(test.labels, scores, { numClasses: K });
const predicted = Array.from(evaluation.yPred);
const confusion = evaluation.confusionMatrix;
const perClass = evaluation.report.perClass;
const rocCurves = evaluation.rocCurves;
const accuracy = evaluation.accuracy;

// --- Data-set statistics.
const counts = (ds: typeof train, count: number) => {
  const c = new Array<number>(K).fill(0);
  for (let i = 0; i < count; i++) c[ds.labels[i]]++;
  return c;
};
const before = counts(train, trainCount);
const after = new Array<number>(K).fill(Math.max(...before));
const means = Array.from({ length: K }, () => new Float64Array(P));
for (let i = 0; i < trainCount; i++) for (let p = 0; p < P; p++) means[train.labels[i]][p] += train.images[i * P + p] / 255;
means.forEach((m, k) => m.forEach((_, p) => (m[p] /= before[k])));
// Pixel correlation over the central 14×14 window (196×196), NaN for constant pixels.
const window = Array.from({ length: 196 }, (_, i) => (7 + Math.floor(i / 14)) * 28 + 7 + (i % 14));
const mean = window.map((p) => { let s = 0; for (let i = 0; i < 2000; i++) s += train.images[i * P + p]; return s / 2000; });
const corr = window.map((p, a) => window.map((q, c) => {
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < 2000; i++) { const x = train.images[i * P + p] - mean[a]; const y = train.images[i * P + q] - mean[c]; sab += x * y; saa += x * x; sbb += y * y; }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}));
// "Augmentation": a 2-pixel shift right/down, a deterministic stand-in until @digitkit/preprocess-augment is wired in.
const originals = Array.from({ length: 8 }, (_, i) => pixel(test, i));
const shifted = originals.map((img) => { const o = new Uint8Array(P); for (let r = 0; r < 26; r++) for (let c = 0; c < 26; c++) o[(r + 2) * 28 + c + 2] = img[r * 28 + c]; return o; });
const flipped = originals.map((img) => { const o = new Uint8Array(P); for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) o[r * 28 + c] = img[r * 28 + 27 - c]; return o; });
const wrongFirst = [...Array(n).keys()].sort((a, c) => Number(predicted[a] === test.labels[a]) - Number(predicted[c] === test.labels[c])).slice(0, 100);
const gridIdx = [...wrongFirst.slice(0, 20), ...[...Array(80).keys()]];

const figures: Record<string, string> = {
  'confusion-matrix': renderConfusionMatrix(confusion, { title: `Confusion matrix, softmax regression (test accuracy ${(accuracy * 100).toFixed(1)}%)` }),
  'confusion-matrix-normalized': renderConfusionMatrix(confusion, { normalize: true, colorScale: 'viridis' }),
  'training-curves': renderTrainingCurves(history, { showLearningRate: true }),
  'digit-grid': renderDigitGrid(gridIdx.map((i) => pixel(test, i)), {
    labels: gridIdx.map((i) => test.labels[i]), predictions: gridIdx.map((i) => predicted[i]),
    confidences: gridIdx.map((i) => scores[i][predicted[i]]), title: 'Predictions on MNIST test digits (20 errors first)',
  }),
  'sample-gallery': renderSampleGallery(train, { perClass: 12 }),
  'mean-digits': renderMeanDigits(means),
  'class-distribution-bar': renderClassDistribution(before, { compareWith: after, seriesNames: ['original', 'oversampled'] }),
  'class-distribution-pie': renderClassDistribution(before, { kind: 'pie' }),
  'pixel-correlation': renderHeatmap(corr, { allowNaN: true, title: 'Pixel correlation, central 14×14 window', legendTitle: 'r' }),
  'roc-curves': renderRocCurves(rocCurves),
  'roc-curves-zoom': renderRocCurves(rocCurves, { zoom: 0.2 }),
  'per-class-metrics': renderPerClassMetrics(evaluation.report),
  'augmentation-comparison': renderAugmentationComparison(originals, [...shifted, ...flipped], { title: 'Shift by 2 px, and mirror' }),
  'model-comparison': renderModelComparison([
    { name: 'softmax regression (this run)', accuracy, f1Macro: evaluation.f1Macro, trainSeconds: epochs.reduce((a, e) => a + e.seconds, 0) },
    { name: 'nearest mean (this run)', ...(() => {
      const pred = Array.from({ length: n }, (_, i) => { const x = pixel(test, i); let best = 0, bd = Infinity; means.forEach((m, k) => { let d = 0; for (let p = 0; p < P; p++) d += (x[p] / 255 - m[p]) ** 2; if (d < bd) [bd, best] = [d, k]; }); return best; });
      const acc = pred.filter((p, i) => p === test.labels[i]).length / n;
      return { accuracy: acc, f1Macro: acc, trainSeconds: 0.01 };
    })() },
  ], { metrics: ['accuracy', 'trainSeconds'], metricLabels: { accuracy: 'test accuracy', trainSeconds: 'training time (s)' } }),
};
for (const [name, svg] of Object.entries(figures)) {
  writeAtomic(`${name}.svg`, svg);
  writeAtomic(`${name}.png`, new Resvg(svg, { fitTo: { mode: 'zoom', value: 1.5 } }).render().asPng());
  console.log(`${name}: ${(svg.length / 1024).toFixed(1)} KiB`);
}
writeAtomic('report.html', renderReportHtml({
  title: 'digitkit viz-svg gallery (real MNIST)',
  subtitle: `softmax regression on ${trainCount} training images, evaluated on ${n} test images`,
  sections: [
    { title: 'Data', svg: [figures['sample-gallery'], figures['mean-digits'], figures['class-distribution-bar'], figures['class-distribution-pie'], figures['pixel-correlation'], figures['augmentation-comparison']] },
    { title: 'Training', svg: figures['training-curves'], table: { columns: ['epoch', 'loss', 'accuracy', 'val loss', 'val accuracy'], rows: epochs.map((e) => [e.epoch, e.loss.toFixed(4), e.accuracy.toFixed(4), e.valLoss.toFixed(4), e.valAccuracy.toFixed(4)]) } },
    { title: 'Evaluation', text: `Test accuracy ${(accuracy * 100).toFixed(2)}%.`, svg: [figures['confusion-matrix'], figures['confusion-matrix-normalized'], figures['per-class-metrics'], figures['roc-curves'], figures['roc-curves-zoom'], figures['digit-grid']],
      table: { columns: ['class', 'precision', 'recall', 'F1', 'support'], rows: perClass.map((r) => [r.label, r.precision.toFixed(3), r.recall.toFixed(3), r.f1.toFixed(3), r.support]) } },
    { title: 'Models', svg: figures['model-comparison'] },
  ],
}));
console.log(`wrote ${Object.keys(figures).length} figures (SVG + PNG) and report.html to ${out}`);
