/**
 * A seeded fuzz of splitTrainValidation and subsetDataset: random data sets (some malformed) and random options
 * (some hostile). Each call either throws a TypeError/RangeError naming the function, or returns a result that
 * satisfies the documented invariants, checked here from the definitions.
 */
import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import type { DigitDataset } from './digit-dataset.js';
import { splitTrainValidation, subsetDataset } from './index.js';

const random = createRng(1201);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];

function randomDataset(): DigitDataset {
  const count = pick([0, 1, 2, 7, 50]);
  const numClasses = pick([1, 3, 10, 300]);
  const rows = pick([1, 3]);
  const cols = pick([1, 2]);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * Math.min(numClasses, 256)));
  const images = Uint8Array.from({ length: count * rows * cols }, () => Math.floor(random() * 256));
  const dataset: DigitDataset = { images, labels, count, rows, cols, numClasses };
  // A share of malformed ones.
  if (random() < 0.15) return { ...dataset, count: pick([count + 1, -1, NaN, 1.5]) };
  if (random() < 0.1) return { ...dataset, numClasses: 1 + Math.floor(random() * 2) };
  return dataset;
}

function expectArgumentError(error: unknown, fn: string): void {
  expect(error instanceof TypeError || error instanceof RangeError, String(error)).toBe(true);
  expect((error as Error).message.startsWith(`${fn}: `)).toBe(true);
}

describe('seeded fuzz of the data-set functions', () => {
  it('splitTrainValidation: an argument error or a disjoint, covering, correctly sized (stratified) split', () => {
    let answered = 0;
    for (let trial = 0; trial < 400; trial++) {
      const dataset = randomDataset();
      const validationFraction = pick<unknown>([0, 0.2, 0.5, 1, 1 / 3, -0.1, 2, NaN]);
      const stratified = pick<unknown>([true, false, undefined]);
      let split: ReturnType<typeof splitTrainValidation>;
      try {
        split = splitTrainValidation(dataset, { validationFraction: validationFraction as number, stratified: stratified as boolean, seed: trial });
      } catch (error) {
        expectArgumentError(error, 'splitTrainValidation');
        continue;
      }
      answered++;
      const { count } = dataset;
      const all = [...split.trainIndices, ...split.validationIndices].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(split.validation.count).toBe(Math.round((validationFraction as number) * count));
      split.validationIndices.forEach((original, k) => expect(split.validation.labels[k]).toBe(dataset.labels[original]));
      if (stratified !== false) {
        const perClass = new Map<number, [number, number]>();
        for (let i = 0; i < count; i++) {
          const entry = perClass.get(dataset.labels[i]) ?? [0, 0];
          entry[0]++;
          perClass.set(dataset.labels[i], entry);
        }
        for (const label of split.validation.labels) perClass.get(label)![1]++;
        for (const [total, inValidation] of perClass.values()) {
          const share = (validationFraction as number) * total;
          expect(inValidation === Math.floor(share) || inValidation === Math.ceil(share)).toBe(true);
        }
      }
    }
    expect(answered).toBeGreaterThan(100);
  });

  it('subsetDataset: an argument error or exactly the examples asked for', () => {
    for (let trial = 0; trial < 400; trial++) {
      const dataset = randomDataset();
      const length = pick([0, 1, 5]);
      const indices = Array.from({ length }, () =>
        random() < 0.1 ? pick<unknown>([-1, 1.5, NaN, '0', null, dataset.count]) : Math.floor(random() * Math.max(1, dataset.count)),
      );
      let subset: DigitDataset;
      try {
        subset = subsetDataset(dataset, indices as number[]);
      } catch (error) {
        expectArgumentError(error, 'subsetDataset');
        continue;
      }
      const pixels = dataset.rows * dataset.cols;
      expect(subset.count).toBe(length);
      (indices as number[]).forEach((index, k) => {
        expect(subset.labels[k]).toBe(dataset.labels[index]);
        expect(Array.from(subset.images.subarray(k * pixels, (k + 1) * pixels))).toEqual(
          Array.from(dataset.images.subarray(index * pixels, (index + 1) * pixels)),
        );
      });
    }
  });
});
