import { createRng } from '@digitkit/core';
import { expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { boundedNeighbors } from '../k-nearest-neighbors.js';
import { buildNeighborBoundIndex } from '../neighbor-bound-index.js';
import { allocateDenseRows, instantiateDenseRowKernels } from '../native/dense-kernel-arena.js';
import { mnistSubset, scaledPixels } from '../test-support/mnist.js';
import { createExactDistances } from './exact-distance.js';
import { createNativeBoundedSearch, nativeBoundedLayout, nativeBoundedScratch, nativeRowProjector } from './native-bounded-search.js';

/** An arena with room for the kernels' arguments (scratch regions of these byte sizes). */
function arenaWith(bytes: number[]) {
  const { arena } = allocateDenseRows(1, 1, { slots: 1, shared: false, scratch: bytes });
  if (arena === undefined) throw new Error('expected WebAssembly SIMD on this engine');
  return { arena, kernels: instantiateDenseRowKernels(arena) };
}

it('bound_scores equals the float64 product of the query rows and the packed panels (every row tail, several panels)', () => {
  const random = createRng(21);
  for (const [rows, count, depth] of [
    [1, 8, 3],
    [4, 16, 50],
    [7, 24, 50],
    [9, 40, 17],
  ]) {
    const { arena, kernels } = arenaWith([rows * depth * 4, count * depth * 4, rows * count * 4]);
    const [aAt, bAt, outAt] = arena.scratchOffsets;
    const a = new Float32Array(arena.memory.buffer, aAt, rows * depth);
    const panels = new Float32Array(arena.memory.buffer, bAt, count * depth);
    const b = Float32Array.from({ length: depth * count }, () => random() * 2 - 1); // [depth, count]
    a.set(Float32Array.from({ length: rows * depth }, () => random() * 2 - 1));
    for (let t = 0; t < depth; t++) for (let i = 0; i < count; i++) panels[(i >> 3) * depth * 8 + t * 8 + (i & 7)] = b[t * count + i];
    kernels.bound_scores(aAt, rows, bAt, count, depth, outAt);
    const out = new Float32Array(arena.memory.buffer, outAt, rows * count);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < count; i++) {
        let truth = 0;
        let scale = 0;
        for (let t = 0; t < depth; t++) {
          truth += a[r * depth + t] * b[t * count + i];
          scale += Math.abs(a[r * depth + t] * b[t * count + i]);
        }
        expect(Math.abs(out[r * count + i] - truth)).toBeLessThanOrEqual(depth * 2 ** -23 * scale);
      }
    }
  }
});

it('top_scores keeps the w largest (ties by lower index, NaN never) and scan_at_least every index at or above a threshold', () => {
  const random = createRng(22);
  for (const n of [5, 16, 33, 1000]) {
    const w = Math.min(11, n);
    const { arena, kernels } = arenaWith([n * 4, w * 4, w * 4, n * 4]);
    const [scoresAt, bestScoreAt, bestIndexAt, outAt] = arena.scratchOffsets;
    const scores = new Float32Array(arena.memory.buffer, scoresAt, n);
    // Few distinct values (many ties) and a few NaN.
    for (let j = 0; j < n; j++) scores[j] = random() < 0.05 ? NaN : Math.round(random() * 40) - 20;
    const order = Array.from({ length: n }, (_, j) => j)
      .filter((j) => !Number.isNaN(scores[j]))
      .sort((x, y) => scores[y] - scores[x] || x - y);
    const filled = kernels.top_scores(scoresAt, n, w, bestScoreAt, bestIndexAt);
    expect(filled).toBe(Math.min(w, order.length));
    expect(Array.from(new Int32Array(arena.memory.buffer, bestIndexAt, filled))).toEqual(order.slice(0, filled));
    for (const threshold of [-21, -3.5, 0, 19, 25]) {
      const m = kernels.scan_at_least(scoresAt, n, threshold, outAt);
      const expected = Array.from({ length: n }, (_, j) => j).filter((j) => scores[j] >= threshold);
      expect(Array.from(new Int32Array(arena.memory.buffer, outAt, m))).toEqual(expected);
    }
  }
});

it('on MNIST the bounds rule out most training rows, and the SIMD search ranks the rows the backend search ranks', async () => {
  await tf.setBackend('cpu');
  const { train, test } = await mnistSubset(2000, 100);
  const references = scaledPixels(train);
  const queries = scaledPixels(test);
  const [k, w, d] = [3, 11, 48];
  const layout = nativeBoundedLayout(train.count, d + 2, w, 1024);
  const exact = createExactDistances(references, train.count, 784, nativeBoundedScratch(layout, 784));
  const index = buildNeighborBoundIndex(exact.rows, train.count, 784, d);
  const native = createNativeBoundedSearch(index, exact, layout).neighbors(queries, test.count, k);
  const backend = await boundedNeighbors(index, exact, 784, queries, test.count, k, w, { batchSize: 1024, referenceBatchSize: 4096 });
  expect(Array.from(native.indices)).toEqual(Array.from(backend.indices));
  // Pass 2 ranks a few per cent of the 2,000 rows per query (measured: 50.1, 2.5 %); both searches the same rows up to float32 rounding.
  expect(native.ranked / test.count).toBeLessThan(0.05 * train.count);
  expect(Math.abs(native.ranked - backend.ranked)).toBeLessThanOrEqual(0.01 * backend.ranked);
});

it('the SIMD projection of the training rows gives the bound index of the TypeScript loop, bit for bit (odd and even d)', async () => {
  const { train } = await mnistSubset(700, 1);
  const references = scaledPixels(train);
  for (const d of [48, 7]) {
    const layout = nativeBoundedLayout(train.count, d + 2, 11, 64);
    const exact = createExactDistances(references, train.count, 784, nativeBoundedScratch(layout, 784));
    const plain = buildNeighborBoundIndex(exact.rows, train.count, 784, d);
    const simd = buildNeighborBoundIndex(exact.rows, train.count, 784, d, nativeRowProjector(exact, 784));
    expect(simd.maxSquaredNorm).toBe(plain.maxSquaredNorm);
    expect(Buffer.compare(Buffer.from(simd.scoreMatrix.buffer), Buffer.from(plain.scoreMatrix.buffer))).toBe(0);
  }
});
