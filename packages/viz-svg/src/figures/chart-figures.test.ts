import { describe, expect, it } from 'vitest';
import { byClass, expectStandaloneSvg, findAll, rasterize, texts } from '../__fixtures__/svg-testing.js';
import { renderClassDistribution } from './class-distribution.js';
import { renderHeatmap } from './heatmap.js';
import { renderModelComparison } from './model-comparison.js';
import { renderPerClassMetrics } from './per-class-metrics.js';
import { renderRocCurves } from './roc-curves.js';
import { renderTrainingCurves } from './training-curves.js';

const hostile = `<script>alert("x")</script> & 'q'`;

const history = {
  epochs: [1, 2, 3, 4, 5].map((epoch) => ({
    epoch, loss: 1 / epoch, accuracy: 1 - 0.1 / epoch, valLoss: 1.1 / epoch + (epoch > 3 ? 0.2 : 0), valAccuracy: 0.9 + epoch / 100,
    learningRate: 0.001, seconds: 1, imagesPerSecond: 100,
  })),
  bestEpoch: 3,
  stoppedEarly: true,
};

describe('renderTrainingCurves', () => {
  it('draws train and validation per metric panel and marks best epoch and early stop', () => {
    const tree = expectStandaloneSvg(renderTrainingCurves(history));
    expect(byClass(tree, 'path', 'train')).toHaveLength(2);
    expect(byClass(tree, 'path', 'validation')).toHaveLength(2);
    expect(byClass(tree, 'line', 'best-epoch')).toHaveLength(2);
    expect(byClass(tree, 'line', 'early-stop')).toHaveLength(2);
    // 5 epochs → path with 1 move + 4 line commands
    const d = String(byClass(tree, 'path', 'train')[0]['@_d']);
    expect(d.match(/[ML]/g)).toHaveLength(5);
    expect(findAll(tree, 'circle')).toHaveLength(20);
  });
  it('adds a learning-rate panel and handles histories without validation', () => {
    const noVal = { epochs: history.epochs.map(({ valLoss: _a, valAccuracy: _b, ...e }) => e), stoppedEarly: false };
    const tree = expectStandaloneSvg(renderTrainingCurves(noVal, { showLearningRate: true }));
    expect(byClass(tree, 'path', 'train')).toHaveLength(3);
    expect(byClass(tree, 'path', 'validation')).toHaveLength(0);
  });
  it('rejects empty, NaN and non-increasing histories', () => {
    expect(() => renderTrainingCurves({ epochs: [] })).toThrow(RangeError);
    expect(() => renderTrainingCurves({ epochs: [{ epoch: 1, loss: Number.NaN, accuracy: 1 }] })).toThrow(/loss/);
    expect(() => renderTrainingCurves({ epochs: [{ epoch: 2, loss: 1, accuracy: 1 }, { epoch: 1, loss: 1, accuracy: 1 }] })).toThrow(/increasing/);
    expect(() => renderTrainingCurves({ ...history, bestEpoch: 9 })).toThrow(RangeError);
  });
});

describe('renderRocCurves', () => {
  const curves = [
    { label: hostile, fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1] },
    { label: 'b', fpr: [0, 1], tpr: [0, 1], auc: 0.5 },
  ];
  it('draws one path per class, the chance diagonal, and AUC in the legend (trapezoid when absent)', () => {
    const svg = renderRocCurves(curves);
    const tree = expectStandaloneSvg(svg);
    expect(byClass(tree, 'path', 'roc-curve')).toHaveLength(2);
    expect(byClass(tree, 'line', 'chance')).toHaveLength(1);
    // area of the first curve: 0.5*0.5 (trapezoid 0..0.5 from 0.5 to 1) + 0.5*1 = 0.875
    expect(texts(tree)).toContain(`${hostile} (AUC 0.8750)`);
    expect(texts(tree)).toContain('b (AUC 0.5000)');
    expect(rasterize(svg).width).toBeGreaterThan(300);
  });
  it('rejects mismatched lengths and rates outside [0, 1]', () => {
    expect(() => renderRocCurves([])).toThrow(RangeError);
    expect(() => renderRocCurves([{ label: 'a', fpr: [0, 1], tpr: [0] }])).toThrow(/tpr/);
    expect(() => renderRocCurves([{ label: 'a', fpr: [0, 1.5], tpr: [0, 1] }])).toThrow(/<= 1/);
  });
});

describe('renderPerClassMetrics', () => {
  it('draws 3 bars per class', () => {
    const perClass = Array.from({ length: 10 }, (_, i) => ({ label: String(i), precision: 0.95 + i / 1000, recall: 0.97, f1: 0.96 }));
    const tree = expectStandaloneSvg(renderPerClassMetrics({ perClass }));
    expect(byClass(tree, 'rect', 'bar')).toHaveLength(30);
    expect(byClass(tree, 'text', 'tick-label').map((t) => String(t['#text']))).toEqual(perClass.map((p) => p.label));
    expect(texts(tree)).toContain('value axis starts at 0.9');
    expect(() => renderPerClassMetrics({ perClass: [{ label: 'a', precision: 1.2, recall: 1, f1: 1 }] })).toThrow(RangeError);
  });
});

describe('renderClassDistribution', () => {
  const counts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
  it('draws one bar per class, grouped bars with compareWith, and bar heights proportional to counts', () => {
    const tree = expectStandaloneSvg(renderClassDistribution(counts));
    const bars = byClass(tree, 'rect', 'bar');
    expect(bars).toHaveLength(10);
    const h = bars.map((b) => Number(b['@_height']));
    expect(h[1] / h[5]).toBeCloseTo(1135 / 892, 2);
    const grouped = expectStandaloneSvg(renderClassDistribution({ counts }, { compareWith: counts.map(() => 1135), labelNames: counts.map(() => hostile) }));
    expect(byClass(grouped, 'rect', 'bar')).toHaveLength(20);
  });
  it('draws pie slices whose angles are proportional to counts', () => {
    const tree = expectStandaloneSvg(renderClassDistribution([1, 1, 2], { kind: 'pie' }));
    expect(byClass(tree, 'path', 'slice')).toHaveLength(3);
    expect(texts(tree)).toEqual(expect.arrayContaining(['25.0%', '50.0%']));
  });
  it('rejects negative counts, NaN and mismatched comparisons', () => {
    expect(() => renderClassDistribution([1, -2])).toThrow(RangeError);
    expect(() => renderClassDistribution([1, Number.NaN])).toThrow(RangeError);
    expect(() => renderClassDistribution([1, 2], { compareWith: [1] })).toThrow(RangeError);
  });
});

describe('renderHeatmap', () => {
  it('draws one rect per cell for small matrices and one image for large ones', () => {
    const small = expectStandaloneSvg(renderHeatmap([[1, -1], [0.5, 0]]));
    expect(byClass(small, 'rect', 'cell')).toHaveLength(4);
    const n = 100;
    const big = { data: Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)), rows: n, cols: n };
    const svg = renderHeatmap(big);
    const tree = expectStandaloneSvg(svg);
    expect(findAll(tree, 'image')).toHaveLength(1);
    expect(rasterize(svg).width).toBeGreaterThan(200);
  });
  it('treats NaN as an error unless allowNaN', () => {
    expect(() => renderHeatmap([[1, Number.NaN]])).toThrow(/NaN/);
    expect(() => renderHeatmap([[1, Number.NaN]], { allowNaN: true })).not.toThrow();
    expect(() => renderHeatmap([[1, 2], [3]])).toThrow(/ragged/);
  });
});

describe('renderModelComparison', () => {
  it('draws one bar per model per metric and escapes names', () => {
    const rows = [{ name: hostile, accuracy: 0.99, trainSeconds: 120 }, { name: 'b', accuracy: 0.98, trainSeconds: 60 }];
    const tree = expectStandaloneSvg(renderModelComparison(rows));
    expect(byClass(tree, 'rect', 'bar')).toHaveLength(4);
    expect(byClass(tree, 'text', 'model-name').map((t) => t['#text'])).toEqual([hostile, 'b']);
    expect(() => renderModelComparison([{ name: 'a', accuracy: Number.NaN }], { metrics: ['accuracy'] })).toThrow(RangeError);
    expect(() => renderModelComparison([])).toThrow(RangeError);
  });
});
