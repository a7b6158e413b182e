import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { stratifiedFolds } from './stratified-folds.js';

describe('stratifiedFolds', () => {
  const random = createRng(7);
  // Unbalanced classes: class c has about (c + 1) times as many examples as class 0.
  const labels = Int32Array.from({ length: 1003 }, () => Math.min(9, Math.floor(Math.sqrt(random() * 100))));

  it('partitions the examples into folds of ⌊N/k⌋ or ⌈N/k⌉ with every class spread within one example', () => {
    for (const folds of [2, 5, 7]) {
      const fold = stratifiedFolds(labels, { numClasses: 10, folds, seed: 3 });
      expect(fold.length).toBe(labels.length);
      const sizes = new Array(folds).fill(0);
      const perClass = Array.from({ length: 10 }, () => new Array(folds).fill(0));
      fold.forEach((f, i) => {
        expect(Number.isInteger(f) && f >= 0 && f < folds).toBe(true);
        sizes[f]++;
        perClass[labels[i]][f]++;
      });
      expect(Math.min(...sizes)).toBe(Math.floor(labels.length / folds));
      expect(Math.max(...sizes)).toBe(Math.ceil(labels.length / folds));
      for (const counts of perClass) expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic per seed and shuffles within each class', () => {
    const a = stratifiedFolds(labels, { numClasses: 10, seed: 1 });
    expect(stratifiedFolds(labels, { numClasses: 10, seed: 1 })).toEqual(a);
    const b = stratifiedFolds(labels, { numClasses: 10, seed: 2 });
    expect(b).not.toEqual(a);
    // Not dealt in index order: the first examples of class 9 are not simply folds 0, 1, 2, …
    const ofClass9 = [...a.keys()].filter((i) => labels[i] === 9).map((i) => a[i]);
    const sorted = ofClass9.map((_, j) => (ofClass9[0] + j) % 5);
    expect(ofClass9).not.toEqual(sorted);
  });

  it('refuses bad input before any work', () => {
    expect(() => stratifiedFolds([0, 1, 0], { numClasses: 2, folds: 4 })).toThrow('stratifiedFolds: expected at least options.folds (4) labels, got 3');
    expect(() => stratifiedFolds([0, 2], { numClasses: 2, folds: 2 })).toThrow(/labels\[1\] to be an integer in \[0, 2\), got 2/);
    expect(() => stratifiedFolds([0, 1], { numClasses: 2, folds: 1 })).toThrow(RangeError);
    expect(() => stratifiedFolds([0, 1], { numClasses: 2, seed: Number.NaN })).toThrow(TypeError);
    expect(() => stratifiedFolds([0, 1], { numClasses: 2, fold: 2 } as never)).toThrow(/unknown option options.fold \(did you mean folds\?\)/);
  });
});
