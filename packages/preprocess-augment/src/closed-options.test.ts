import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { DigitDataset } from '@digitkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as api from './index.js';

const images = new Uint8Array(2 * 784);
images[400] = 255;
images[784 + 300] = 200;
const dataset: DigitDataset = { images, labels: Uint8Array.of(0, 1), count: 2, rows: 28, cols: 28, numClasses: 2 };
const digit = { width: 3, height: 3, data: Float64Array.of(0, 0, 0, 0, 255, 0, 0, 0, 0) };

/** Every function of this file's package that takes an options object (corruptions are tested in their folder). */
const calls: Record<string, (options: object) => unknown> = {
  normalize: (options) => api.normalize(images, options),
  toImageTensor: (options) => tf.dispose(api.toImageTensor(images, options)),
  unflattenImages: (options) => tf.tidy(() => api.unflattenImages(tf.zeros([1, 784]), options)),
  randomOverSample: (options) => api.randomOverSample(dataset, { seed: 1, ...options }),
  augmentBatch: (options) => tf.tidy(() => api.augmentBatch(tf.zeros([1, 28, 28, 1]), options)),
  augmentImages: (options) => api.augmentImages(images, options),
  drawAugmentation: (options) => api.drawAugmentation(options, { count: 1 }),
  deskew: (options) => api.deskew(images, options),
  classDistribution: (options) => api.classDistribution([0, 1], options),
  pixelStatistics: (options) => api.pixelStatistics(images, options),
  pixelCorrelation: (options) => api.pixelCorrelation(images, options),
  summarizeDataset: (options) => api.summarizeDataset(dataset, options),
  toMnistDigit: (options) => api.toMnistDigit(digit, options),
};

describe('closed options', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: an unknown option is a TypeError naming it and the known options`, () => {
      expect(() => call({})).not.toThrow();
      expect(() => call({ notAnOption: 1 })).toThrow(TypeError);
      expect(() => call({ notAnOption: 1 })).toThrow(new RegExp(`^${name}: unknown option options\\.notAnOption; known options: `));
    });
  }

  it('closes the nested objects too, and suggests what a typo meant', () => {
    expect(() => api.augmentImages(images, { elastic: { alpha: 1, sigma: 1, sigms: 2 } as never })).toThrow(
      /^augmentImages: unknown option options\.elastic\.sigms \(did you mean sigma\?\); known options: alpha, sigma$/,
    );
    expect(() => api.augmentImages(images, { shift: { x: 1, z: 1 } as never })).toThrow(/unknown option options\.shift\.z/);
    expect(() => api.drawAugmentation({}, { count: 1, channel: 3 } as never)).toThrow(/unknown option shape\.channel \(did you mean channels\?\)/);
    expect(() => api.augmentImages(images, { rows: 28, colls: 28 } as never)).toThrow(/did you mean cols\?/);
    expect(() => api.normalize(images, { maxvalue: 1 } as never)).toThrow(/did you mean maxValue\?/);
    expect(() => api.randomOverSample(dataset, { seed: 1, stratgy: 'all' } as never)).toThrow(/did you mean strategy\?/);
  });

  it('rejects an options value that is not an object', () => {
    expect(() => api.normalize(images, 3 as never)).toThrow(/^normalize: expected options to be an object, got 3$/);
    expect(() => api.augmentImages(images, [] as never)).toThrow(/expected options to be an object, got an array of length 0/);
  });
});
