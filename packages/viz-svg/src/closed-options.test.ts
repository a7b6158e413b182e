import { describe, expect, it } from 'vitest';
import * as api from './index.js';

const digit = new Uint8Array(784).fill(7);
const matrix = [[3, 1], [0, 4]];
const history = { epochs: [{ epoch: 1, loss: 1, accuracy: 0.5 }, { epoch: 2, loss: 0.5, accuracy: 0.8 }] };

/** Every renderer with valid data and an options object; `options` is where an unknown key goes. */
const calls: Record<string, (options: object) => unknown> = {
  renderConfusionMatrix: (options) => api.renderConfusionMatrix(matrix, options),
  renderTrainingCurves: (options) => api.renderTrainingCurves(history, options),
  renderDigitGrid: (options) => api.renderDigitGrid([digit], options),
  renderSampleGallery: (options) =>
    api.renderSampleGallery({ images: digit, labels: Uint8Array.of(0), count: 1, rows: 28, cols: 28 }, options),
  renderMeanDigits: (options) => api.renderMeanDigits([digit], options),
  renderClassDistribution: (options) => api.renderClassDistribution([3, 4], options),
  renderHeatmap: (options) => api.renderHeatmap(matrix, options),
  renderRocCurves: (options) => api.renderRocCurves([{ label: 'a', fpr: [0, 1], tpr: [0, 1] }], options),
  renderPerClassMetrics: (options) => api.renderPerClassMetrics({ perClass: [{ label: 0, precision: 1, recall: 1, f1: 1 }] }, options),
  renderAugmentationComparison: (options) => api.renderAugmentationComparison([digit], [digit], options),
  renderLineChart: (options) => api.renderLineChart([{ name: 'a', points: [{ x: 1, y: 2 }] }], options),
  renderModelComparison: (options) => api.renderModelComparison([{ name: 'a', accuracy: 0.9 }], options),
  renderReportHtml: (options) => api.renderReportHtml({ title: 't', sections: [], ...options }),
};

describe('closed options', () => {
  it('covers every exported renderer', () => {
    const renderers = Object.keys(api).filter((name) => name.startsWith('render'));
    expect(Object.keys(calls).sort()).toEqual(renderers.sort());
  });

  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: an unknown option is a TypeError naming it and the known options`, () => {
      expect(call({})).toMatch(/^(<svg|<!DOCTYPE html>)/);
      expect(() => call({ notAnOption: 1 })).toThrow(TypeError);
      expect(() => call({ notAnOption: 1 })).toThrow(new RegExp(`^${name}: unknown option \\w+\\.notAnOption; known options: `));
    });
  }

  it('suggests the option a typo meant', () => {
    expect(() => api.renderConfusionMatrix(matrix, { normalise: true } as never)).toThrow(
      /unknown option options\.normalise \(did you mean normalize\?\)/,
    );
    expect(() => api.renderDigitGrid([digit], { column: 5 } as never)).toThrow(/did you mean columns\?/);
    expect(() => api.renderReportHtml({ title: 't', sections: [{ title: 's', svgs: [] } as never] })).toThrow(
      /unknown option sections\[0\]\.svgs \(did you mean svg\?\)/,
    );
  });

  it('checks option values with the one message format', () => {
    expect(() => api.renderConfusionMatrix(matrix, { cellSize: 5 })).toThrow(
      /^renderConfusionMatrix: expected options.cellSize to be a finite number ≥ 20, got 5$/,
    );
    expect(() => api.renderDigitGrid([digit], { mode: 'svg' as 'image' })).toThrow(
      /^renderDigitGrid: expected options.mode to be one of 'image', 'rects', got the string "svg"$/,
    );
    expect(() => api.renderHeatmap(matrix, { allowNaN: 'yes' as never })).toThrow(TypeError);
    expect(() => api.renderClassDistribution([1], { kind: 'donut' as 'pie' })).toThrow(/options.kind/);
  });
});
