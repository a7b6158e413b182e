import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { fitCrossValidatedStacking } from './fit-cross-validated-stacking.js';
import { fitStackingClassifier } from './stacking.js';
import { stratifiedFolds } from './stratified-folds.js';

const K = 10;

/** A noisy member: right with probability `hit`, its scores a softmax of random logits with a bump on its guess. */
function member(labels: Int32Array, hit: number, random: () => number): Float32Array {
  const scores = new Float32Array(labels.length * K);
  labels.forEach((y, i) => {
    const guess = random() < hit ? y : Math.floor(random() * K);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += scores[i * K + c] = Math.exp(random() * 2 + (c === guess ? 3 : 0));
    for (let c = 0; c < K; c++) scores[i * K + c] /= sum;
  });
  return scores;
}

function meanLogLoss(p: Float32Array, labels: Int32Array): number {
  let loss = 0;
  labels.forEach((y, i) => (loss -= Math.log(Math.max(p[i * K + y], 1e-7))));
  return loss / labels.length;
}

describe('fitCrossValidatedStacking', () => {
  const random = createRng(5);
  // Few held-out examples for a 510-parameter meta-learner (5 members × 10 classes): the overfitting case.
  const fitCount = 200;
  const newCount = 4000;
  const labels = Int32Array.from({ length: fitCount + newCount }, () => Math.floor(random() * K));
  const members = [0.8, 0.75, 0.7, 0.7, 0.65].map((hit) => member(labels, hit, random));
  const fitScores = members.map((s) => s.subarray(0, fitCount * K));
  const fitLabels = labels.subarray(0, fitCount);
  const newScores = members.map((s) => s.subarray(fitCount * K));
  const newLabels = labels.subarray(fitCount);
  const l2Values = [1e-5, 1e-3, 1e-1];
  const stack = fitCrossValidatedStacking(fitScores, fitLabels, { numClasses: K, l2Values, folds: 4, seed: 9, maxIterations: 100 });

  it('scores every penalty out of fold exactly as a brute-force loop over the folds does, and keeps the best', () => {
    const fold = stratifiedFolds(fitLabels, { numClasses: K, folds: 4, seed: 9 });
    const reference = l2Values.map((l2) => {
      const predicted = new Float32Array(fitCount * K);
      for (let f = 0; f < 4; f++) {
        const fit = [...fold.keys()].filter((i) => fold[i] !== f);
        const held = [...fold.keys()].filter((i) => fold[i] === f);
        const rows = (s: Float32Array, idx: number[]) => Float32Array.from(idx.flatMap((i) => Array.from(s.subarray(i * K, (i + 1) * K))));
        const meta = fitStackingClassifier(fitScores.map((s) => rows(s, fit)), fit.map((i) => fitLabels[i]), { numClasses: K, l2, maxIterations: 100 });
        const p = meta.predict(fitScores.map((s) => rows(s, held)));
        held.forEach((i, r) => predicted.set(p.subarray(r * K, (r + 1) * K), i * K));
      }
      return meanLogLoss(predicted, fitLabels);
    });
    stack.crossValidation.forEach((c, j) => {
      expect(c.l2).toBe(l2Values[j]);
      expect(c.logLoss).toBeCloseTo(reference[j], 6);
    });
    const best = reference.indexOf(Math.min(...reference));
    expect(stack.l2).toBe(l2Values[best]);
    expect(stack.outOfFold.logLoss).toBeCloseTo(reference[best], 6);
  });

  it('on a small held-out set it picks a real penalty, and does better on new data than the least penalized fit', () => {
    expect(stack.l2).toBeGreaterThan(1e-5);
    const loose = fitStackingClassifier(fitScores, fitLabels, { numClasses: K, l2: 1e-5, maxIterations: 100 });
    expect(meanLogLoss(stack.predict(newScores), newLabels)).toBeLessThan(meanLogLoss(loose.predict(newScores), newLabels));
    // The refit uses all the held-out examples with the chosen penalty.
    const refit = fitStackingClassifier(fitScores, fitLabels, { numClasses: K, l2: stack.l2, maxIterations: 100 });
    expect(Array.from(stack.predict(newScores))).toEqual(Array.from(refit.predict(newScores)));
  });

  it('refuses bad input before any work', () => {
    const s = [Float32Array.of(0.5, 0.5, 0.2, 0.8)];
    expect(() => fitCrossValidatedStacking(s, [0, 1], { numClasses: 2, folds: 3 })).toThrow(/at least options.folds \(3\) labels, got 2/);
    expect(() => fitCrossValidatedStacking(s, [0, 1], { numClasses: 2, l2Values: [] })).toThrow(RangeError);
    expect(() => fitCrossValidatedStacking(s, [0, 1], { numClasses: 2, l2Values: [-1] })).toThrow(/l2Values\[0\]/);
    expect(() => fitCrossValidatedStacking(s, [0, 1], { numClasses: 2, l2Value: [1] } as never)).toThrow(/did you mean l2Values\?/);
  });
});
