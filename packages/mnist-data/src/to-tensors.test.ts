import * as tf from '@tensorflow/tfjs-core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { beforeAll, expect, it } from 'vitest';
import { batches } from './batches.js';
import type { DigitDataset } from './digit-dataset.js';
import { loadMnist } from './node/load-mnist.js';
import { toTensors } from './to-tensors.js';

let test: DigitDataset;
beforeAll(async () => {
  ({ test } = await loadMnist({ limit: { train: 0, test: 1000 } }));
});

/** Reference: pixel (n, r, c) of the raw bytes, scaled as float32 — computed here, not by the library. */
const expectedPixel = (ds: DigitDataset, n: number, r: number, c: number, normalize: boolean) =>
  Math.fround(ds.images[n * 784 + r * 28 + c] / (normalize ? 255 : 1));

describeBackends('toTensors', (backend) => {
  it('makes xs [N, 28, 28, 1] float32 in [0, 1] and one-hot ys [N, 10], without leaks', async () => {
    await expectNoTensorLeak(async () => {
      const { xs, ys } = toTensors(test);
      expect(tf.getBackend()).toBe(backend);
      expect(xs.shape).toEqual([1000, 28, 28, 1]);
      expect(xs.dtype).toBe('float32');
      expect(ys.shape).toEqual([1000, 10]);
      expect(ys.dtype).toBe('float32');
      const x = (await xs.array()) as number[][][][];
      let mismatches = 0;
      for (let n = 0; n < 1000; n += 37) {
        for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) if (x[n][r][c][0] !== expectedPixel(test, n, r, c, true)) mismatches++;
      }
      expect(mismatches).toBe(0);
      const min = tf.min(xs);
      const max = tf.max(xs);
      expect([await min.data(), await max.data()].map((t) => t[0])).toEqual([0, 1]);
      const y = (await ys.array()) as number[][];
      for (let n = 0; n < 1000; n++) {
        expect(y[n].reduce((a, b) => a + b, 0)).toBe(1);
        expect(y[n][test.labels[n]]).toBe(1);
      }
      tf.dispose([xs, ys, min, max]);
    });
  });

  it('normalize: false keeps 0..255; oneHot: false gives int32 labels [N]', async () => {
    await expectNoTensorLeak(async () => {
      const { xs, ys } = toTensors(test, { normalize: false, oneHot: false });
      expect(ys.shape).toEqual([1000]);
      expect(ys.dtype).toBe('int32');
      expect(Array.from(await ys.data())).toEqual(Array.from(test.labels));
      const x = await xs.data();
      expect(x[5 * 784 + 14 * 28 + 14]).toBe(test.images[5 * 784 + 14 * 28 + 14]);
      const max = tf.max(xs);
      expect((await max.data())[0]).toBe(255);
      tf.dispose([xs, ys, max]);
    });
  });

  it('rejects bad datasets and options before making tensors', () => {
    const before = tf.memory().numTensors;
    expect(() => toTensors({ ...test, labels: test.labels.subarray(1) })).toThrow(RangeError);
    expect(() => toTensors({ ...test, numClasses: 5 })).toThrow(/toTensors: expected dataset.labels below dataset.numClasses = 5/);
    expect(() => toTensors(test, { normalize: 1 as never })).toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('batches', () => {
  it('covers every example once in order, with a short last batch, and leaks nothing', async () => {
    await expectNoTensorLeak(async () => {
      const sizes: number[] = [];
      const seen: number[] = [];
      for (const { xs, ys, indices, size } of batches(test, { batchSize: 64 })) {
        sizes.push(size);
        seen.push(...indices);
        expect(xs.shape).toEqual([size, 28, 28, 1]);
        expect(ys.shape).toEqual([size, 10]);
        const first = indices[0];
        const x = await xs.data();
        expect(x[300]).toBe(expectedPixel(test, first, Math.floor(300 / 28), 300 % 28, true));
        const argMax = tf.argMax(ys, -1);
        const labels = await argMax.data();
        argMax.dispose();
        expect(Array.from(labels)).toEqual(Array.from(indices, (i) => test.labels[i]));
        tf.dispose([xs, ys]);
      }
      expect(sizes).toEqual([...new Array(15).fill(64), 1000 - 15 * 64]);
      expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    });
  });

  it('shuffle is a seeded permutation, the same on every pass; dropRemainder drops the short batch', async () => {
    const order = (seed: number, dropRemainder = false) => {
      const out: number[] = [];
      for (const batch of batches(test, { batchSize: 100, shuffle: true, seed, dropRemainder, oneHot: false })) {
        out.push(...batch.indices);
        expect(batch.ys.dtype).toBe('int32');
        tf.dispose([batch.xs, batch.ys]);
      }
      return out;
    };
    const a = order(1);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(order(1)).toEqual(a);
    expect(order(2)).not.toEqual(a);

    const iterable = batches(test, { batchSize: 300, shuffle: true, seed: 4, dropRemainder: true });
    const pass = () => {
      const out: number[][] = [];
      for (const batch of iterable) {
        out.push(Array.from(batch.indices));
        tf.dispose([batch.xs, batch.ys]);
      }
      return out;
    };
    const first = pass();
    expect(first.map((b) => b.length)).toEqual([300, 300, 300]);
    expect(pass()).toEqual(first);
  });

  it('makes no tensors until iterated, and none for batches never reached', async () => {
    await expectNoTensorLeak(() => {
      const before = tf.memory().numTensors;
      const iterable = batches(test, { batchSize: 10 });
      expect(tf.memory().numTensors).toBe(before);
      for (const batch of iterable) {
        expect(tf.memory().numTensors).toBe(before + 2);
        tf.dispose([batch.xs, batch.ys]);
        break;
      }
    });
  });

  it('checks options when called', () => {
    expect(() => batches(test, { batchSize: 0 })).toThrow(/batches: expected batchSize to be an integer ≥ 1, got 0/);
    expect(() => batches(test, { batchSize: 2.5 })).toThrow(RangeError);
    expect(() => batches(test, {} as never)).toThrow(TypeError); // a missing batchSize is core's TypeError (was RangeError)
    expect(() => batches(test, { batchSize: 8, seed: Number.NaN })).toThrow(TypeError);
    expect(() => batches(test, { batchSize: 8, shuffle: 'yes' as never })).toThrow(TypeError);
    expect(() => batches({ ...test, numClasses: 2 }, { batchSize: 8 })).toThrow(RangeError);
  });
});
