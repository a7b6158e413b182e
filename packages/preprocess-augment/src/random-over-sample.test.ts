import type { DigitDataset } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { randomOverSample } from './random-over-sample.js';

/** A tiny dataset whose every image is unique (its bytes encode its index), with class counts 5, 2, 8, 0, 3. */
function imbalanced(): DigitDataset {
  const perClass = [5, 2, 8, 0, 3];
  const labels: number[] = [];
  // Interleave the classes so that original order is not grouped by class.
  for (let round = 0; labels.length < 18; round++) {
    perClass.forEach((n, label) => { if (round < n) labels.push(label); });
  }
  const rows = 2;
  const cols = 3;
  const images = new Uint8Array(labels.length * rows * cols);
  labels.forEach((_, i) => images.fill(i + 1, i * rows * cols, (i + 1) * rows * cols));
  return { images, labels: Uint8Array.from(labels), count: labels.length, rows, cols, numClasses: 5 };
}

function countsOf(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

/** Asserts every output example is a byte-for-byte copy of an original example of the same class. */
function expectOnlyOriginals(source: DigitDataset, result: ReturnType<typeof randomOverSample>): void {
  const size = source.rows * source.cols;
  const { dataset, sampleIndices } = result;
  expect(sampleIndices.length).toBe(dataset.count);
  for (let i = 0; i < dataset.count; i++) {
    const from = sampleIndices[i];
    expect(from).toBeGreaterThanOrEqual(0);
    expect(from).toBeLessThan(source.count);
    expect(dataset.labels[i]).toBe(source.labels[from]);
    expect(Array.from(dataset.images.subarray(i * size, (i + 1) * size)))
      .toEqual(Array.from(source.images.subarray(from * size, (from + 1) * size)));
  }
  for (let i = 0; i < source.count; i++) expect(sampleIndices[i]).toBe(i);
}

describe('randomOverSample', () => {
  it("'auto' brings every present class up to the majority count, using only original images", () => {
    const ds = imbalanced();
    const result = randomOverSample(ds, { seed: 1 });
    expect(countsOf(result.dataset.labels, 5)).toEqual([8, 8, 8, 0, 8]);
    expect(result.countsBefore).toEqual([5, 2, 8, 0, 3]);
    expect(result.countsAfter).toEqual([8, 8, 8, 0, 8]);
    expect(result.dataset.count).toBe(32);
    expect(result.dataset.images.length).toBe(32 * 6);
    expectOnlyOriginals(ds, result);
    // Duplicates are appended class by class in label order, as imbalanced-learn does.
    expect(Array.from(result.dataset.labels.subarray(18))).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 4, 4, 4, 4, 4]);
  });

  it('honours the other imbalanced-learn strategies', () => {
    const ds = imbalanced();
    expect(randomOverSample(ds, { seed: 1, strategy: 'minority' }).countsAfter).toEqual([5, 8, 8, 0, 3]);
    expect(randomOverSample(ds, { seed: 1, strategy: 'not minority' }).countsAfter).toEqual([8, 2, 8, 0, 8]);
    expect(randomOverSample(ds, { seed: 1, strategy: 'all' }).countsAfter).toEqual([8, 8, 8, 0, 8]);
    expect(randomOverSample(ds, { seed: 1, strategy: 'not majority' }).countsAfter).toEqual([8, 8, 8, 0, 8]);
  });

  it("breaks 'minority' ties like imbalanced-learn: the class seen first in the labels", () => {
    // Counts: class 0 → 2, class 1 → 2, class 2 → 3; class 1 appears before class 0.
    const tied: DigitDataset = { images: new Uint8Array(7), labels: Uint8Array.of(2, 1, 2, 0, 1, 2, 0), count: 7, rows: 1, cols: 1, numClasses: 3 };
    expect(randomOverSample(tied, { seed: 1, strategy: 'minority' }).countsAfter).toEqual([2, 3, 3]);
  });

  it('reaches the requested counts of a { label: count } strategy and leaves other classes alone', () => {
    const ds = imbalanced();
    const result = randomOverSample(ds, { seed: 4, strategy: { 1: 10, 4: 3, 2: 12 } });
    expect(countsOf(result.dataset.labels, 5)).toEqual([5, 10, 12, 0, 3]);
    expectOnlyOriginals(ds, result);
  });

  it('is deterministic per seed and draws with replacement, roughly uniformly', () => {
    const ds = imbalanced();
    const a = randomOverSample(ds, { seed: 99, strategy: { 1: 4002 } });
    const b = randomOverSample(ds, { seed: 99, strategy: { 1: 4002 } });
    const c = randomOverSample(ds, { seed: 100, strategy: { 1: 4002 } });
    expect(Array.from(a.sampleIndices)).toEqual(Array.from(b.sampleIndices));
    expect(Array.from(a.sampleIndices)).not.toEqual(Array.from(c.sampleIndices));
    // Class 1 has two originals; 4000 draws should split near 2000/2000 (5 sigma ≈ 160).
    const drawn = Array.from(a.sampleIndices.subarray(ds.count));
    const firstOriginal = ds.labels.indexOf(1);
    const first = drawn.filter((i) => i === firstOriginal).length;
    expect(Math.abs(first - 2000)).toBeLessThan(160);
  });

  it('keeps extra dataset fields and does not modify the input', () => {
    const ds = { ...imbalanced(), name: 'tiny' };
    const before = Array.from(ds.images);
    const result = randomOverSample(ds, { seed: 2 });
    expect(result.dataset.name).toBe('tiny');
    expect(Array.from(ds.images)).toEqual(before);
  });

  it('rejects bad input with clear errors', () => {
    const ds = imbalanced();
    expect(() => randomOverSample(ds, { seed: 1, strategy: { 2: 3 } })).toThrow(/strategy\[2\] = 3 is below the current count 8/);
    expect(() => randomOverSample(ds, { seed: 1, strategy: { 3: 4 } })).toThrow(/class 3 has no examples/);
    expect(() => randomOverSample(ds, { seed: 1, strategy: { 7: 4 } })).toThrow(/labels in \[0, 5\), got '7'/);
    expect(() => randomOverSample(ds, { seed: 1, strategy: { 1: 2.5 } })).toThrow(/non-negative integer/);
    expect(() => randomOverSample(ds, { seed: 1, strategy: 'majority' as 'auto' })).toThrow(/options.strategy/);
    expect(() => randomOverSample(ds, { seed: Number.NaN })).toThrow(/options.seed/);
    expect(() => randomOverSample(ds, {} as never)).toThrow(/options.seed/);
    expect(() => randomOverSample({ ...ds, labels: ds.labels.subarray(1) }, { seed: 1 })).toThrow(/expected dataset.labels to have 18 entries \(dataset.count\), got 17/);
    expect(() => randomOverSample({ ...ds, images: ds.images.subarray(1) }, { seed: 1 })).toThrow(/expected dataset.images to have 108 bytes/);
    expect(() => randomOverSample({ ...ds, labels: Uint8Array.from(ds.labels, () => 9) }, { seed: 1 })).toThrow(/expected dataset.labels below dataset.numClasses = 5, got 9/);
  });
});
