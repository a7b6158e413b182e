import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak, useBackend } from '@digitkit/test-utils';
import { describe, expect, it } from 'vitest';
import { augmentBatch } from './augment-batch.js';
import { augmentImages } from './augment-images.js';
import { randomBytes, rot180, rot90, shifted } from './__fixtures__/reference.js';

const SIZE = 28;
const N = 5;

function imagesFixture(count = N, rows = SIZE, cols = SIZE): { bytes: Uint8Array; floats: Float32Array } {
  const bytes = randomBytes(count * rows * cols, 12345);
  const floats = Float32Array.from(bytes, (v) => v / 255);
  return { bytes, floats };
}

function imageOf(values: Float32Array | Int32Array | Uint8Array, i: number, size: number): number[] {
  return Array.from(values.subarray(i * size, (i + 1) * size));
}

const FULL_OPTIONS = {
  rotationDegrees: 15,
  shift: 2,
  zoom: 0.1,
  shear: 10,
  elastic: { alpha: 8, sigma: 3 },
  noise: 0.05,
  seed: 7,
};

describeBackends('augmentBatch', () => {
  it('rotates by 90° with nearest interpolation exactly (counter-clockwise, like numpy.rot90)', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    const out = augmentBatch(xs, { rotationDegrees: [90, 90], interpolation: 'nearest', seed: 1 });
    const values = await out.data<'float32'>();
    for (let i = 0; i < N; i++) {
      expect(imageOf(values, i, SIZE * SIZE)).toEqual(rot90(imageOf(floats, i, SIZE * SIZE), SIZE));
    }
    tf.dispose([xs, out]);
  });

  it('moves a dot right of the centre to above the centre for +90° (odd size, integer centre)', async () => {
    const size = 7;
    const image = new Float32Array(size * size);
    image[3 * size + 5] = 1; // row 3 (centre), column 5 (two right of centre)
    const xs = tf.tensor4d(image, [1, size, size, 1]);
    const out = augmentBatch(xs, { rotationDegrees: [90, 90], interpolation: 'nearest' });
    const values = Array.from(await out.data());
    expect(values[1 * size + 3]).toBe(1); // row 1 (two above centre), column 3
    expect(values.reduce((a, b) => a + b, 0)).toBe(1);
    tf.dispose([xs, out]);
  });

  it('rotates by 180° exactly with both interpolations', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    for (const interpolation of ['nearest', 'bilinear'] as const) {
      const out = augmentBatch(xs, { rotationDegrees: [180, 180], interpolation });
      const values = await out.data<'float32'>();
      for (let i = 0; i < N; i++) {
        expect(imageOf(values, i, SIZE * SIZE)).toEqual(rot180(imageOf(floats, i, SIZE * SIZE), SIZE, SIZE));
      }
      out.dispose();
    }
    xs.dispose();
  });

  it('shifts by whole pixels exactly, filling the uncovered border', async () => {
    const rows = 20;
    const cols = 24;
    const { floats } = imagesFixture(N, rows, cols);
    const xs = tf.tensor4d(floats, [N, rows, cols, 1]);
    for (const interpolation of ['nearest', 'bilinear'] as const) {
      const out = augmentBatch(xs, { shift: { x: [3, 3], y: [-2, -2] }, interpolation, fill: 0.5 });
      const values = await out.data<'float32'>();
      for (let i = 0; i < N; i++) {
        expect(imageOf(values, i, rows * cols)).toEqual(shifted(imageOf(floats, i, rows * cols), rows, cols, 3, -2, 0.5));
      }
      out.dispose();
    }
    xs.dispose();
  });

  it('returns the input unchanged (as a new tensor) for identity parameters', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    const out = augmentBatch(xs, { rotationDegrees: 0, shift: 0, zoom: [1, 1], shear: 0, noise: 0, seed: 3 });
    expect(out).not.toBe(xs);
    expect(Array.from(await out.data())).toEqual(Array.from(floats));
    const copy = augmentBatch(xs, {});
    expect(copy).not.toBe(xs);
    expect(Array.from(await copy.data())).toEqual(Array.from(floats));
    tf.dispose([xs, out, copy]);
  });

  it('treats elastic distortion with alpha 0 as the identity (both interpolations)', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    for (const interpolation of ['nearest', 'bilinear'] as const) {
      const out = augmentBatch(xs, { elastic: { alpha: 0, sigma: 4 }, interpolation, seed: 9 });
      expect(Array.from(await out.data())).toEqual(Array.from(floats));
      out.dispose();
    }
    xs.dispose();
  });

  it('zooms about the centre: factor 2 with nearest reads input at c + (p - c) / 2', async () => {
    const size = 9; // centre 4
    const { floats } = imagesFixture(1, size, size);
    const xs = tf.tensor4d(floats, [1, size, size, 1]);
    const out = augmentBatch(xs, { zoom: [2, 2], interpolation: 'nearest' });
    const values = await out.data();
    // Even offsets from the centre land on whole input pixels.
    for (let r = 0; r < size; r += 2) {
      for (let c = 0; c < size; c += 2) {
        expect(values[r * size + c]).toBe(floats[(4 + (r - 4) / 2) * size + (4 + (c - 4) / 2)]);
      }
    }
    tf.dispose([xs, out]);
  });

  it('matches a brute-force bilinear rotation by 30° written from the rotation formula', async () => {
    const { floats } = imagesFixture(2);
    const xs = tf.tensor4d(floats, [2, SIZE, SIZE, 1]);
    const out = augmentBatch(xs, { rotationDegrees: [30, 30] });
    const values = await out.data();
    const c = (SIZE - 1) / 2;
    const cos = Math.cos(Math.PI / 6);
    const sin = Math.sin(Math.PI / 6);
    const read = (i: number, x: number, y: number): number =>
      (x >= 0 && x < SIZE && y >= 0 && y < SIZE ? floats[i * SIZE * SIZE + y * SIZE + x] : 0);
    let maxError = 0;
    for (let i = 0; i < 2; i++) {
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          const sx = c + cos * (x - c) - sin * (y - c);
          const sy = c + sin * (x - c) + cos * (y - c);
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const fx = sx - x0;
          const fy = sy - y0;
          const expected = (1 - fy) * ((1 - fx) * read(i, x0, y0) + fx * read(i, x0 + 1, y0))
            + fy * ((1 - fx) * read(i, x0, y0 + 1) + fx * read(i, x0 + 1, y0 + 1));
          maxError = Math.max(maxError, Math.abs(values[i * SIZE * SIZE + y * SIZE + x] - expected));
        }
      }
    }
    expect(maxError).toBeLessThan(1e-4);
    tf.dispose([xs, out]);
  });

  it('distorts elastically: moves pixels, keeps the mean ink roughly, and agrees with augmentImages', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    const options = { elastic: { alpha: 6, sigma: 3 }, seed: 21, fill: 'nearest' as const };
    const out = augmentBatch(xs, options);
    const values = await out.data<'float32'>();
    const reference = augmentImages(floats, options);
    let maxError = 0;
    let changed = 0;
    for (let i = 0; i < values.length; i++) {
      maxError = Math.max(maxError, Math.abs(values[i] - reference[i]));
      if (Math.abs(values[i] - floats[i]) > 1e-3) changed++;
    }
    expect(maxError).toBeLessThan(1e-4);
    expect(changed).toBeGreaterThan(values.length / 4);
    tf.dispose([xs, out]);
  });

  it('composes affine + elastic exactly like augmentImages, for both fills', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    for (const fill of [0.25, 'nearest'] as const) {
      const options = { rotationDegrees: 25, shift: 3, zoom: 0.2, shear: 15, elastic: { alpha: 10, sigma: 3 }, fill, seed: 5 };
      const out = augmentBatch(xs, options);
      const values = await out.data<'float32'>();
      const reference = augmentImages(floats, options);
      let maxError = 0;
      for (let i = 0; i < values.length; i++) maxError = Math.max(maxError, Math.abs(values[i] - reference[i]));
      expect(maxError).toBeLessThan(1e-4);
      out.dispose();
    }
    // With alpha 0 the elastic step must leave the affine result alone.
    const affineOnly = augmentBatch(xs, { rotationDegrees: 30, shift: 2, seed: 4 });
    const fused = augmentBatch(xs, { rotationDegrees: 30, shift: 2, elastic: { alpha: 0, sigma: 2 }, seed: 4 });
    const a = await affineOnly.data();
    const b = await fused.data();
    let maxError = 0;
    for (let i = 0; i < a.length; i++) maxError = Math.max(maxError, Math.abs(a[i] - b[i]));
    expect(maxError).toBe(0);
    tf.dispose([xs, affineOnly, fused]);
  });

  it('moves every channel of an image the same way', async () => {
    const { floats } = imagesFixture(3);
    const gray = tf.tensor4d(floats, [3, SIZE, SIZE, 1]);
    const rgb = tf.tidy(() => tf.concat([gray, tf.mul(gray, 0.5), gray], 3) as tf.Tensor4D);
    const options = { rotationDegrees: 12, elastic: { alpha: 6, sigma: 2 }, fill: 0.1, seed: 13 };
    const singleTensor = augmentBatch(gray, options);
    const multiTensor = augmentBatch(rgb, options);
    const single = await singleTensor.data();
    const multi = await multiTensor.data();
    let maxError = 0;
    for (let p = 0; p < single.length; p++) {
      maxError = Math.max(maxError, Math.abs(multi[3 * p] - single[p]), Math.abs(multi[3 * p + 2] - single[p]));
    }
    expect(maxError).toBeLessThan(1e-6);
    tf.dispose([singleTensor, multiTensor]);
    tf.dispose([gray, rgb]);
  });

  it('is deterministic per seed, and different seeds differ', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    const a = augmentBatch(xs, FULL_OPTIONS);
    const b = augmentBatch(xs, FULL_OPTIONS);
    const c = augmentBatch(xs, { ...FULL_OPTIONS, seed: 8 });
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    expect(Array.from(await a.data())).not.toEqual(Array.from(await c.data()));
    tf.dispose([xs, a, b, c]);
  });

  it('leaks no tensor with every transform enabled, and clips when asked', async () => {
    const { floats } = imagesFixture();
    const xs = tf.tensor4d(floats, [N, SIZE, SIZE, 1]);
    await expectNoTensorLeak(async () => {
      const out = augmentBatch(xs, { ...FULL_OPTIONS, clip: [0, 1] });
      expect(out.shape).toEqual([N, SIZE, SIZE, 1]);
      expect(out.dtype).toBe('float32');
      const values = await out.data();
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThanOrEqual(1);
      out.dispose();
    });
    await expectNoTensorLeak(async () => {
      augmentBatch(xs, { ...FULL_OPTIONS, interpolation: 'nearest', fill: 'nearest' }).dispose();
    });
    xs.dispose();
  });

  it('rejects bad input with a clear error before allocating anything', async () => {
    const xs = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
    const rank3 = tf.zeros([8, 8, 1]);
    const ints = tf.zeros([2, 8, 8, 1], 'int32');
    await expectNoTensorLeak(() => {
      expect(() => augmentBatch(rank3 as unknown as tf.Tensor4D)).toThrow(/augmentBatch: expected xs of rank 4.*got rank 3/);
      expect(() => augmentBatch(ints as tf.Tensor4D)).toThrow(TypeError);
      expect(() => augmentBatch(ints as tf.Tensor4D)).toThrow(/dtype float32, got int32/);
      expect(() => augmentBatch(new Float32Array(64) as unknown as tf.Tensor4D)).toThrow(/expected xs to be a tf.Tensor4D/);
      expect(() => augmentBatch(xs, { rotationDegrees: Number.NaN })).toThrow(/options.rotationDegrees.*got NaN/);
      expect(() => augmentBatch(xs, { elastic: { alpha: 1, sigma: -1 } })).toThrow(/sigma >= 0.*got -1/);
      expect(() => augmentBatch(xs, { elastic: { alpha: Number.NaN, sigma: 1 } })).toThrow(RangeError);
      expect(() => augmentBatch(xs, { zoom: 1.5 })).toThrow(/options.zoom.*got 1.5/);
      expect(() => augmentBatch(xs, { zoom: [0, 2] })).toThrow(RangeError);
      expect(() => augmentBatch(xs, { shear: 95 })).toThrow(/options.shear/);
      expect(() => augmentBatch(xs, { shift: [3, 1] })).toThrow(/min <= max/);
      expect(() => augmentBatch(xs, { shift: 100 })).toThrow(/options.shift/);
      expect(() => augmentBatch(xs, { noise: -0.1 })).toThrow(/options.noise/);
      expect(() => augmentBatch(xs, { fill: Number.NaN })).toThrow(/options.fill/);
      expect(() => augmentBatch(xs, { interpolation: 'cubic' as 'nearest' })).toThrow(/interpolation/);
      expect(() => augmentBatch(xs, { rotation: 10 } as never)).toThrow(/augmentBatch: unknown option options\.rotation; known options: clip, elastic/);
    });
    tf.dispose([xs, rank3, ints]);
  });
});

describe('augmentBatch across backends', () => {
  it('gives the same output on cpu and wasm for the same seed', async () => {
    const { floats } = imagesFixture(8);
    const results: Float32Array[] = [];
    for (const backend of ['cpu', 'wasm'] as const) {
      await useBackend(backend);
      const xs = tf.tensor4d(floats, [8, SIZE, SIZE, 1]);
      const out = augmentBatch(xs, FULL_OPTIONS);
      results.push(await out.data<'float32'>());
      tf.dispose([xs, out]);
    }
    let maxError = 0;
    for (let i = 0; i < results[0].length; i++) maxError = Math.max(maxError, Math.abs(results[0][i] - results[1][i]));
    expect(maxError).toBeLessThan(1e-4);
  });
});
