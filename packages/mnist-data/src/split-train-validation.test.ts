import { beforeAll, describe, expect, it } from 'vitest';
import type { DigitDataset } from './digit-dataset.js';
import { loadMnist } from './node/load-mnist.js';
import { splitTrainValidation } from './split-train-validation.js';

const TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

let train: DigitDataset;
beforeAll(async () => {
  ({ train } = await loadMnist());
});

function expectPartition(count: number, a: Uint32Array, b: Uint32Array): void {
  const seen = new Uint8Array(count);
  for (const i of a) seen[i]++;
  for (const i of b) seen[i]++;
  expect(seen.every((times) => times === 1)).toBe(true);
  expect(a.length + b.length).toBe(count);
}

describe('splitTrainValidation on the real MNIST training set', () => {
  it('stratified by default: 12,000 validation examples, each class within one of 20% of its count', () => {
    const split = splitTrainValidation(train, { seed: 1 });
    expect(split.validation.count).toBe(12000);
    expect(split.train.count).toBe(48000);
    expectPartition(60000, split.trainIndices, split.validationIndices);
    const validationCounts = classCounts(split.validation.labels);
    validationCounts.forEach((n, c) => {
      expect(Math.abs(n - 0.2 * TRAIN_CLASS_COUNTS[c])).toBeLessThan(1);
    });
    expect(classCounts(split.train.labels).map((n, c) => n + validationCounts[c])).toEqual(TRAIN_CLASS_COUNTS);
  });

  it('the parts hold the examples their indices name, in ascending index order', () => {
    const split = splitTrainValidation(train, { seed: 3, validationFraction: 0.1 });
    for (const [part, indices] of [[split.train, split.trainIndices], [split.validation, split.validationIndices]] as const) {
      let unordered = 0;
      for (let k = 1; k < indices.length; k++) if (indices[k] <= indices[k - 1]) unordered++;
      expect(unordered).toBe(0);
      for (const k of [0, 17, indices.length - 1]) {
        const i = indices[k];
        expect(part.labels[k]).toBe(train.labels[i]);
        expect(Buffer.from(part.images.subarray(k * 784, (k + 1) * 784)).equals(Buffer.from(train.images.subarray(i * 784, (i + 1) * 784)))).toBe(true);
      }
      expect([part.rows, part.cols, part.numClasses]).toEqual([28, 28, 10]);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = splitTrainValidation(train, { seed: 11 });
    const b = splitTrainValidation(train, { seed: 11 });
    const c = splitTrainValidation(train, { seed: 12 });
    expect(Buffer.from(a.validationIndices.buffer).equals(Buffer.from(b.validationIndices.buffer))).toBe(true);
    const inA = new Set(a.validationIndices);
    const overlap = Array.from(c.validationIndices).filter((i) => inA.has(i)).length;
    // Two independent 20% samples share about 20% of their members.
    expect(overlap / 12000).toBeGreaterThan(0.17);
    expect(overlap / 12000).toBeLessThan(0.23);
  });

  it('non-stratified: exact size, a partition, class shares close to (not exactly) proportional', () => {
    const split = splitTrainValidation(train, { seed: 5, stratified: false, validationFraction: 0.25 });
    expect(split.validation.count).toBe(15000);
    expectPartition(60000, split.trainIndices, split.validationIndices);
    classCounts(split.validation.labels).forEach((n, c) => {
      const expected = 0.25 * TRAIN_CLASS_COUNTS[c];
      // Hypergeometric sd is about 30 here; 6 sd is a generous bound that still catches a broken shuffle.
      expect(Math.abs(n - expected)).toBeLessThan(180);
    });
  });
});

describe('splitTrainValidation edge cases', () => {
  const tiny = (labels: number[]): DigitDataset => ({
    images: new Uint8Array(labels.map((_, i) => i)),
    labels: new Uint8Array(labels),
    count: labels.length,
    rows: 1,
    cols: 1,
    numClasses: 3,
  });

  it('fractions 0 and 1, and rounding with uneven classes', () => {
    const ds = tiny([0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2]);
    expect(splitTrainValidation(ds, { validationFraction: 0 }).validation.count).toBe(0);
    expect(splitTrainValidation(ds, { validationFraction: 1 }).train.count).toBe(0);
    const split = splitTrainValidation(ds, { validationFraction: 0.5, seed: 2 });
    expect(split.validation.count).toBe(Math.round(5.5));
    const counts = [0, 0, 0];
    for (const label of split.validation.labels) counts[label]++;
    // shares 1.5, 1, 3 → floors 1, 1, 3 plus one more to class 0 (largest remainder)
    expect(counts).toEqual([2, 1, 3]);
    // the images follow their labels
    for (let k = 0; k < split.validation.count; k++) expect(split.validation.images[k]).toBe(split.validationIndices[k]);
  });

  it('rejects bad arguments', () => {
    const ds = tiny([0, 1, 2]);
    expect(() => splitTrainValidation(ds, { validationFraction: 1.5 })).toThrow(/splitTrainValidation: expected validationFraction to be a finite number ≥ 0 and ≤ 1, got 1.5/);
    expect(() => splitTrainValidation(ds, { validationFraction: Number.NaN })).toThrow(RangeError);
    expect(() => splitTrainValidation(ds, { seed: Number.NaN })).toThrow(TypeError);
    expect(() => splitTrainValidation({ ...ds, count: 4 })).toThrow(RangeError);
    expect(() => splitTrainValidation({ ...ds, labels: new Uint8Array([0, 1, 3]) })).toThrow(/labels below dataset.numClasses = 3, got 3/);
  });
});
