import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { expect, it } from 'vitest';
import { flattenImages, toImageTensor, toUint8Images, unflattenImages } from './image-tensors.js';

describeBackends('image tensor helpers', () => {
  it('reshapes flat bytes to [N, 28, 28, 1] in [0, 1] and back without loss', async () => {
    const bytes = Uint8Array.from({ length: 2 * 784 }, (_, i) => (i * 7) % 256);
    await expectNoTensorLeak(async () => {
      const xs = toImageTensor(bytes);
      expect(xs.shape).toEqual([2, 28, 28, 1]);
      expect(xs.dtype).toBe('float32');
      const values = await xs.data();
      expect(values[28 * 5 + 3]).toBeCloseTo(bytes[28 * 5 + 3] / 255, 7);
      expect(Array.from(await toUint8Images(xs))).toEqual(Array.from(bytes));
      const flat = flattenImages(xs);
      expect(flat.shape).toEqual([2, 784]);
      const back = unflattenImages(flat);
      expect(back.shape).toEqual([2, 28, 28, 1]);
      tf.dispose([xs, flat, back]);
    });
  });

  it('rejects mismatched sizes and ranks', () => {
    expect(() => toImageTensor(new Uint8Array(100))).toThrow(/toImageTensor: expected a multiple of 28x28 = 784 values, got 100/);
    const flat = tf.zeros([2, 100]) as tf.Tensor2D;
    expect(() => unflattenImages(flat)).toThrow(/unflattenImages: expected a tensor \[N, 784\], got \[2, 100\]/);
    expect(() => flattenImages(flat as unknown as tf.Tensor4D)).toThrow(/rank-4/);
    flat.dispose();
  });
});
