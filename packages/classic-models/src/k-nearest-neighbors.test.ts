import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { beforeAll, expect, it } from 'vitest';
import fixtures from './__fixtures__/sklearn.json' with { type: 'json' };
import { fitKNearestNeighbors } from './k-nearest-neighbors.js';
import { classicModelFromJson } from './classic-model-from-json.js';
import { mnistSubset, scaledPixels } from './test-support/mnist.js';
import type { DigitDataset } from '@digitkit/core';

let train: DigitDataset;
let test: DigitDataset;
beforeAll(async () => {
  ({ train, test } = await mnistSubset(600, 200));
});

/** Brute-force reference: every distance in float64, sorted by (distance, index). */
function bruteForceNeighbours(k: number, metric: 'euclidean' | 'cosine'): Int32Array {
  const a = scaledPixels(test);
  const b = scaledPixels(train);
  const f = 784;
  const out = new Int32Array(test.count * k);
  for (let q = 0; q < test.count; q++) {
    const d: { d: number; i: number }[] = [];
    for (let i = 0; i < train.count; i++) {
      let s = 0;
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let j = 0; j < f; j++) {
        const x = a[q * f + j];
        const y = b[i * f + j];
        s += (x - y) ** 2;
        ab += x * y;
        aa += x * x;
        bb += y * y;
      }
      d.push({ d: metric === 'euclidean' ? s : 1 - ab / Math.sqrt(aa * bb), i });
    }
    d.sort((x, y) => x.d - y.d || x.i - y.i);
    for (let c = 0; c < k; c++) out[q * k + c] = d[c].i;
  }
  return out;
}

describeBackends('fitKNearestNeighbors', () => {
  for (const [truth, algorithm] of fixtures.knn.flatMap((t) => (t.metric === 'euclidean' ? (['brute', 'bounded'] as const) : (['brute'] as const)).map((a) => [t, a] as const))) {
    it(`k=${truth.k} ${truth.weights} ${truth.metric} (${algorithm}): neighbours, distances, predictions and probabilities equal scikit-learn's brute force`, async () => {
      const model = fitKNearestNeighbors(train, { k: truth.k, weights: truth.weights as 'uniform', metric: truth.metric as 'euclidean', algorithm });
      expect(model.algorithm).toBe(algorithm);
      const { indices, distances } = await expectNoTensorLeak(() => model.kneighbors(test));
      let tiesAside = 0;
      for (let i = 0; i < indices.length; i++) {
        expect(Math.abs(distances[i] - truth.distances[i])).toBeLessThan(1e-6);
        if (indices[i] !== truth.indices[i]) tiesAside++;
      }
      // Index differences only where two neighbours are at the same distance (scikit-learn's order is unspecified).
      for (let i = 0; i < indices.length; i++) {
        if (indices[i] !== truth.indices[i]) {
          const row = Math.floor(i / truth.k);
          const same = truth.distances.slice(row * truth.k, (row + 1) * truth.k).filter((d) => Math.abs(d - distances[i]) < 1e-6);
          expect(same.length).toBeGreaterThan(1);
        }
      }
      expect(tiesAside).toBeLessThanOrEqual(2);
      expect(Array.from(await model.predict(test))).toEqual(truth.predictions);
      const probabilities = await model.predictProbabilities(test);
      probabilities.forEach((p, i) => expect(Math.abs(p - truth.probabilities[i])).toBeLessThan(1e-6));
    });
  }

  it('small blocks (7 queries × 13 references) and both selections give the float64 brute-force neighbours', async () => {
    const reference = bruteForceNeighbours(4, 'euclidean');
    for (const selection of ['scan', 'topk'] as const) {
      const model = fitKNearestNeighbors(train, { k: 4, batchSize: 7, referenceBatchSize: 13, selection, algorithm: 'brute' });
      const { indices } = await expectNoTensorLeak(() => model.kneighbors(test));
      expect(Array.from(indices)).toEqual(Array.from(reference));
    }
    const cosine = fitKNearestNeighbors(train, { k: 2, metric: 'cosine', batchSize: 50, referenceBatchSize: 128, selection: 'topk' });
    expect(Array.from((await cosine.kneighbors(test)).indices)).toEqual(Array.from(bruteForceNeighbours(2, 'cosine')));
  });

  it("'bounded' (bound scores by the SIMD module and by the backend, small blocks, and its 'auto' default for 784 features) gives the float64 brute-force neighbours and distances", async () => {
    const reference = bruteForceNeighbours(5, 'euclidean');
    const brute = fitKNearestNeighbors(train, { k: 5, algorithm: 'brute' });
    const bruteDistances = Array.from((await brute.kneighbors(test)).distances);
    // 7 query rows per batch: whole 4-row tiles and a 3-row tail in the SIMD module.
    for (const boundScores of ['simd', 'backend'] as const) {
      const model = fitKNearestNeighbors(train, { k: 5, batchSize: 7, referenceBatchSize: 13, algorithm: 'bounded', boundScores });
      expect(model.boundScores).toBe(boundScores);
      const found = await expectNoTensorLeak(() => model.kneighbors(test));
      expect(Array.from(found.indices)).toEqual(Array.from(reference));
      expect(Array.from(found.distances)).toEqual(bruteDistances);
    }
    expect(fitKNearestNeighbors(train).algorithm).toBe('bounded');
    expect(fitKNearestNeighbors(train).boundScores).toBe('simd');
    expect(brute.boundScores).toBe(null);
    // Few features (a PCA's output): 'auto' is bounded in SIMD, brute force when the bounds would be on the backend;
    // cosine is always brute force, and 'bounded' with cosine is refused.
    const few = { features: { values: new Float32Array(40), count: 4, numFeatures: 10 }, labels: [0, 1, 0, 1], numClasses: 2 };
    expect(fitKNearestNeighbors(few).algorithm).toBe('bounded');
    expect(fitKNearestNeighbors(few, { boundScores: 'backend' }).algorithm).toBe('brute');
    expect(fitKNearestNeighbors(few, { metric: 'cosine' }).algorithm).toBe('brute');
    expect(() => fitKNearestNeighbors(train, { metric: 'cosine', algorithm: 'bounded' })).toThrow(RangeError);
  });

  it("'bounded' on few features (10 and 50, where the 48 axes span all or most of them) gives the brute force's neighbours and distances", async () => {
    // Features: seeded random projections of the MNIST rows (a stand-in for a PCA's output).
    const random = createRng(31);
    for (const numFeatures of [10, 50]) {
      const projection = Float64Array.from({ length: 784 * numFeatures }, () => random() - 0.5);
      const project = (pixels: Float64Array, count: number) => {
        const out = new Float32Array(count * numFeatures);
        for (let i = 0; i < count; i++) {
          for (let j = 0; j < 784; j++) {
            const v = pixels[i * 784 + j];
            if (v !== 0) for (let c = 0; c < numFeatures; c++) out[i * numFeatures + c] += v * projection[j * numFeatures + c];
          }
        }
        return out;
      };
      const data = { features: { values: project(scaledPixels(train), train.count), count: train.count, numFeatures }, labels: train.labels, numClasses: 10 };
      const queries = { values: project(scaledPixels(test), test.count), count: test.count, numFeatures };
      const brute = await fitKNearestNeighbors(data, { k: 3, algorithm: 'brute' }).kneighbors(queries);
      const model = fitKNearestNeighbors(data, { k: 3 });
      expect([model.algorithm, model.boundScores]).toEqual(['bounded', 'simd']);
      const bounded = await model.kneighbors(queries);
      expect(Array.from(bounded.indices)).toEqual(Array.from(brute.indices));
      expect(Array.from(bounded.distances)).toEqual(Array.from(brute.distances));
    }
  });

  it("'bounded' on duplicated and all-zero training rows: equal distances come in training-index order, as the brute force's", async () => {
    // Rows 0..19 of the test set twice over plus zero rows: many exact ties (distance 0 to a duplicate, equal norms).
    // 45 rows: the SIMD module's last panel of 8 is padded.
    const base = scaledPixels(test).subarray(0, 20 * 784);
    const values = new Float32Array(45 * 784);
    values.set(base, 0);
    values.set(base, 20 * 784);
    const data = { features: { values, count: 45, numFeatures: 784 }, labels: Array.from({ length: 45 }, (_, i) => i % 10), numClasses: 10 };
    const queries = { values: Float32Array.from(scaledPixels(test).subarray(0, 30 * 784)), count: 30, numFeatures: 784 };
    const brute = await fitKNearestNeighbors(data, { k: 4, algorithm: 'brute' }).kneighbors(queries);
    for (const boundScores of ['simd', 'backend'] as const) {
      const bounded = await fitKNearestNeighbors(data, { k: 4, algorithm: 'bounded', boundScores }).kneighbors(queries);
      expect(Array.from(bounded.indices)).toEqual(Array.from(brute.indices));
      expect(Array.from(bounded.distances)).toEqual(Array.from(brute.distances));
      expect(Array.from(bounded.indices.subarray(0, 2))).toEqual([0, 20]);
    }
  });

  it('takes tensors and feature matrices as well as data sets, and survives toJSON → JSON text → classicModelFromJson', async () => {
    const model = fitKNearestNeighbors(train, { k: 3 });
    const expected = await model.predictProbabilities(test);
    const xs = tf.tensor4d(Float32Array.from(test.images, (v) => v / 255), [test.count, 28, 28, 1]);
    expect(Array.from(await model.predictProbabilities(xs))).toEqual(Array.from(expected));
    xs.dispose();
    const matrix = { values: Float32Array.from(test.images, (v) => v / 255), count: test.count, numFeatures: 784 };
    expect(Array.from(await model.predictProbabilities(matrix))).toEqual(Array.from(expected));
    const restored = classicModelFromJson(JSON.parse(JSON.stringify(model)));
    expect(restored.kind).toBe('k-nearest-neighbors');
    expect(Array.from(await (restored as typeof model).predictProbabilities(test))).toEqual(Array.from(expected));
  });
});
