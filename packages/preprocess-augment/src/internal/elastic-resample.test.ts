import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { expect, it } from 'vitest';
import { randomBytes } from '../__fixtures__/reference.js';
import { elasticResample } from './elastic-resample.js';

describeBackends('elasticResample', () => {
  it('gives the same result when a large batch is processed in chunks', async () => {
    const n = 7;
    const size = 9;
    const images = Float32Array.from(randomBytes(n * size * size * 2, 17, 0.5), (v) => v / 255);
    const fields = Float32Array.from(randomBytes(n * 2 * size * size, 3, 1), (v) => v / 128 - 1);
    const xs = tf.tensor4d(images, [n, size, size, 2]);
    await expectNoTensorLeak(async () => {
      for (const interpolation of ['bilinear', 'nearest'] as const) {
        const whole = tf.tidy(() => elasticResample(xs, fields, { alpha: 3, sigma: 1 }, interpolation, 0.2));
        // (9 + 3)^2 = 144 indices per image: a limit of 3 * 144 gives chunks of 2 images.
        const chunked = tf.tidy(() => elasticResample(xs, fields, { alpha: 3, sigma: 1 }, interpolation, 0.2, 3 * 144));
        expect(chunked.shape).toEqual([n, size, size, 2]);
        expect(Array.from(await chunked.data())).toEqual(Array.from(await whole.data()));
        tf.dispose([whole, chunked]);
      }
    });
    xs.dispose();
  });
});
