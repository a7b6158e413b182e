import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { DigitDataset } from '@digitkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as api from './index.js';

/**
 * Hostile input for the entry points users feed their own data to (issue 12, "beyond the list"): sizes that would
 * allocate gigabytes, class counts that would allocate per-class buffers without end, non-canonical keys, values
 * that overflow. Each must fail at once with a TypeError/RangeError naming the function — before that failure,
 * several of these allocated until the process died or threw V8's "Invalid typed array length".
 */
const tiny = (numClasses: number): DigitDataset => ({
  images: new Uint8Array(16), labels: Uint8Array.of(0, 1, 1, 0), count: 4, rows: 2, cols: 2, numClasses,
});

const cases: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
  ['randomOverSample: a count that needs 10^12 bytes', () => api.randomOverSample(tiny(2), { seed: 1, strategy: { 0: 1e12 } }), RangeError,
    /^randomOverSample: expected the over-sampled dataset to fit in 2147483647 bytes of images, got 1000000000002 examples/],
  ["randomOverSample: the key '' is not label 0", () => api.randomOverSample(tiny(2), { seed: 1, strategy: { '': 5 } as never }), RangeError,
    /expected strategy keys to be labels in \[0, 2\), got ''/],
  ['randomOverSample: numClasses 10^9 (would allocate 10^9 class lists)', () => api.randomOverSample(tiny(1e9), { seed: 1 }), RangeError,
    /^randomOverSample: expected dataset.numClasses to be an integer ≥ 1 and ≤ 256, got 1000000000$/],
  ['meanImagePerClass: numClasses 10^8', () => api.meanImagePerClass(tiny(1e8)), RangeError, /dataset.numClasses .* ≤ 256/],
  ['summarizeDataset: numClasses 10^8', () => api.summarizeDataset(tiny(1e8)), RangeError, /dataset.numClasses .* ≤ 256/],
  ['deskew: numClasses 10^8', () => api.deskew(tiny(1e8)), RangeError, /dataset.numClasses .* ≤ 256/],
  ['classDistribution: numClasses 10^9', () => api.classDistribution([0], { numClasses: 1e9 }), RangeError, /options.numClasses .* ≤ 1048576/],
  ['oneHot: a 4 GB output', () => api.oneHot([0], 1e9), RangeError, /labels.length \* numClasses \(the output size\) to be an integer ≤ 268435456/],
  ['augmentImages: no images of 10^5 x 10^5', () => (api.augmentImages(new Uint8Array(0), { rows: 1e5, cols: 1e5 }) as Uint8Array).length, Error, /never/],
  ['drawAugmentation: 10^9 images', () => api.drawAugmentation({ noise: 1 }, { count: 1e9 }), RangeError, /values drawn\) to be an integer ≤ 134217728/],
  ['pixelStatistics: one 10000 x 10000 image (25 GB of histograms)', () => api.pixelStatistics(new Uint8Array(1e8), { rows: 1e4, cols: 1e4 }), RangeError,
    /rows \* cols \(pixel positions, one 1 KiB histogram each\) to be an integer ≤ 1048576, got 100000000/],
  ['pixelCorrelation: 300 x 300 images (65 GB matrix)', () => api.pixelCorrelation(new Uint8Array(2 * 90000), { rows: 300, cols: 300 }), RangeError,
    /expected at most 4096 features .* got 300x300 = 90000; pass a larger options.downsample/],
  ['toMnistDigit: a 10^6 x 10^6 canvas', () => api.toMnistDigit({ width: 1, height: 1, data: Float64Array.of(255) }, { size: 1e6 }), RangeError, /options.size .* ≤ 4096/],
  ['normalize: a std that overflows float32', () => api.normalize([1, 2], { mode: 'standardize', mean: 0, std: 1e-300 }), RangeError,
    /expected standardized values within float32 range, got Infinity at index 0/],
  ['normalize: holes and bigints', () => api.normalize([1, , 3] as number[]), RangeError, /got undefined at index 1/],
  ['augmentImages: Infinity in a float image', () => api.augmentImages(Float32Array.of(0, Infinity, 0, 0), { rows: 2, cols: 2 }), RangeError, /got Infinity at index 1/],
  ['augmentImages: elastic sigma 10^6 (a kernel of 8 million taps)', () => api.augmentImages(new Uint8Array(4), { rows: 2, cols: 2, elastic: { alpha: 1, sigma: 1e6 } }), RangeError, /sigma <= 1000/],
];

describe('hostile input', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [title, call, type, message] of cases) {
    it(title, () => {
      if (message.source === 'never') {
        // Not an error: nothing to augment gives nothing back, without allocating the 10^10-pixel scratch buffers.
        expect(call()).toBe(0);
        return;
      }
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }

  it('augmentBatch: empty, disposed, integer and zero-size tensors', () => {
    const empty = tf.zeros([0, 28, 28, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = api.augmentBatch(empty, { rotationDegrees: 10, seed: 1 });
    expect(out.shape).toEqual([0, 28, 28, 1]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    empty.dispose();
    expect(() => api.augmentBatch(empty)).toThrow(/expected a live tensor, got a disposed one/);
    const flat = tf.zeros([2, 0, 28, 1]) as tf.Tensor4D;
    expect(() => api.augmentBatch(flat)).toThrow(/expected non-empty images, got shape \[2, 0, 28, 1\]/);
    flat.dispose();
    const ints = tf.zeros([1, 2, 2, 1], 'int32') as tf.Tensor4D;
    expect(() => api.augmentBatch(ints, { shift: 1 })).toThrow(TypeError);
    ints.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('randomOverSample: a copy of each original example, never another class, for hostile but valid label layouts', () => {
    // One class only, a class with a single example, and labels far apart.
    const images = Uint8Array.from({ length: 5 * 4 }, (_, i) => i);
    const dataset: DigitDataset = { images, labels: Uint8Array.of(7, 7, 7, 7, 200), count: 5, rows: 2, cols: 2, numClasses: 256 };
    const { dataset: out, countsAfter } = api.randomOverSample(dataset, { seed: 3, strategy: 'all' });
    expect(countsAfter[7]).toBe(4);
    expect(countsAfter[200]).toBe(4);
    for (let i = 5; i < out.count; i++) {
      expect(out.labels[i]).toBe(200);
      expect(Array.from(out.images.subarray(i * 4, i * 4 + 4))).toEqual([16, 17, 18, 19]);
    }
  });
});
