import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderClassDistribution, renderPerClassMetrics } from './bar-chart.js';
import { renderAugmentationComparison, renderDigitGrid, renderMeanDigits, renderSampleGallery } from './digits.js';
import { renderConfusionMatrix, renderHeatmap } from './heatmap.js';
import { renderRocCurves, renderTrainingCurves } from './line-chart.js';
import { renderReportHtml } from './report-html.js';

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;
const parser = new XMLParser({ ignoreAttributes: false, isArray: () => true });

function parse(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  return svg;
}

function count(svg: string, pattern: RegExp): number {
  return (svg.match(pattern) ?? []).length;
}

const digit = (value: number) => new Uint8Array(784).fill(value);

describe('figures', () => {
  it('confusion matrix: one titled cell per entry, counts written in, hostile title escaped', () => {
    const matrix = [
      [5, 1, 0],
      [2, 7, 0],
      [0, 0, 9],
    ];
    const svg = parse(renderConfusionMatrix(matrix, { title: HOSTILE }));
    expect(count(svg, /<rect [^>]*><title>true /g)).toBe(9);
    expect(svg).toContain('>7</text>');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(parser.parse(svg).svg[0].title[0]).toBe(HOSTILE);
    expect(() => renderConfusionMatrix([[1, 2], [3]])).toThrow(RangeError);
  });

  it('digit grid: one image per digit, green when right and red when wrong', () => {
    const svg = parse(renderDigitGrid([digit(0), digit(128), digit(255)], { labels: [1, 2, 3], predictions: [1, 5, 3], confidences: [0.9, 0.6, 1] }));
    expect(count(svg, /<image /g)).toBe(3);
    expect(count(svg, /stroke="#1a7f37"/g)).toBe(2);
    expect(count(svg, /stroke="#cf222e"/g)).toBe(1);
    expect(svg).toContain('pred 5 (60%)');
  });

  it('training curves: a train and a validation line per panel, best epoch marked', () => {
    const history = {
      epochs: [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, accuracy: 0.9 + epoch / 100, valLoss: 1.1 / epoch, valAccuracy: 0.89 + epoch / 100 })),
      bestEpoch: 3,
    };
    const svg = parse(renderTrainingCurves(history));
    expect(count(svg, /<path d="M/g)).toBe(4);
    expect(count(svg, />best epoch 3</g)).toBe(2);
  });

  it('ROC curves: one line per class in the full and the zoomed panel, AUC in the legend', () => {
    const curves = ['0', '1'].map((label) => ({ label, fpr: [0, 0, 0.5, 1], tpr: [0, 0.8, 1, 1], auc: 0.95 }));
    const svg = parse(renderRocCurves(curves));
    expect(count(svg, /<path d="M/g)).toBe(4);
    expect(count(svg, /\(AUC 0\.9500\)/g)).toBe(4);
  });

  it('bars and pies: one bar per class and series, one slice per class', () => {
    const counts = [5, 10, 15];
    expect(count(parse(renderClassDistribution(counts, { compareWith: [15, 15, 15] })), /<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#[0-9A-F]+"><title>/g)).toBe(6);
    expect(count(parse(renderClassDistribution(counts, { kind: 'pie' })), /<path d="M/g)).toBe(3);
    const report = { perClass: ['0', '1'].map((label) => ({ label, precision: 0.9, recall: 0.8, f1: 0.85 })) };
    expect(count(parse(renderPerClassMetrics(report)), /<title>(precision|recall|F1) /g)).toBe(6);
  });

  it('heatmaps, galleries, mean digits and augmentation pairs are well-formed', () => {
    parse(renderHeatmap([[0, 0.5], [0.5, 1]], { title: HOSTILE }));
    const big = Array.from({ length: 100 }, (_, r) => Array.from({ length: 100 }, (_, c) => Math.sin(r * c)));
    expect(count(parse(renderHeatmap(big, { colorScale: 'diverging' })), /<image /g)).toBe(1);
    const dataset = { images: new Uint8Array(20 * 784).fill(200), labels: Uint8Array.from({ length: 20 }, (_, i) => i % 10), count: 20, rows: 28, cols: 28, numClasses: 10 };
    expect(count(parse(renderSampleGallery(dataset, { perClass: 2 })), /<image /g)).toBe(20);
    expect(count(parse(renderMeanDigits({ means: [new Float64Array(784).fill(0.5)], rows: 28, cols: 28 })), /<image /g)).toBe(1);
    expect(count(parse(renderAugmentationComparison([digit(1), digit(2)], [digit(3), digit(4)])), /<image /g)).toBe(4);
    expect(() => renderAugmentationComparison([digit(1)], [])).toThrow(RangeError);
  });

  it('report HTML escapes section titles and inlines the figures', () => {
    const html = renderReportHtml({ title: HOSTILE, sections: [{ title: HOSTILE, svg: renderHeatmap([[1]]) }] });
    expect(html).not.toContain('<script>');
    expect(count(html, /<svg /g)).toBe(1);
    expect(count(html, /<section /g)).toBe(1);
  });
});
