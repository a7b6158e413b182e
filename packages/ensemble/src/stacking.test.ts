import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { argmaxRows } from './index.js';
import { fitLogisticRegression, logisticLossAndGradient, predictLogisticRegression } from './logistic-regression.js';
import { softVote } from './soft-vote.js';
import { fitStackingClassifier } from './stacking.js';

describe('logistic regression (meta-learner)', () => {
  // The loss gradient itself is checked against finite differences where it lives: @digitkit/classic-models/linear.
  it('without penalty, on one-hot group features, predicts each group’s class frequencies (the MLE)', () => {
    // Group A (feature [1, 0]): labels 0,0,0,1 -> P = [0.75, 0.25, 0]; group B ([0, 1]): labels 1,2,2,2,2 -> [0, 0.2, 0.8].
    const rows = [
      ...[0, 0, 0, 1].map((y) => ({ f: [1, 0], y })),
      ...[1, 2, 2, 2, 2].map((y) => ({ f: [0, 1], y })),
    ];
    const x = Float64Array.from(rows.flatMap((r) => r.f));
    const labels = rows.map((r) => r.y);
    const model = fitLogisticRegression(x, labels, 2, { numClasses: 3, l2: 0, maxIterations: 2000, tolerance: 1e-9 });
    const p = predictLogisticRegression(model, Float64Array.from([1, 0, 0, 1]));
    const expected = [0.75, 0.25, 0, 0, 0.2, 0.8];
    // Analytic truth: with one-hot group features plus a bias the model is saturated per group, so the
    // unpenalized MLE is each group's class frequencies f. Exactly, dL/dw[g][c] = (n_g / N) (p_gc - f_gc), so the
    // distance to the MLE is the final gradient scaled by N / n_g (9/4 and 9/5 here). Require convergence to a
    // gradient max-norm <= 1e-7 (asked: 1e-9); then |p - f| <= (9/4) 1e-7 + 2^-24 (float32 output) < 3e-7 everywhere,
    // including the zero frequencies (logits -> -inf), instead of the former blanket 2e-3.
    const params = Float64Array.from([...model.weights, ...model.bias]);
    const { gradient } = logisticLossAndGradient(params, x, labels, 2, 3, 0);
    const groupSize = [4, 5];
    const float32Rounding = 2 ** -24;
    for (let g = 0; g < 2; g++) {
      for (let c = 0; c < 3; c++) {
        const weightGradient = gradient[g * 3 + c];
        expect(Math.abs(weightGradient)).toBeLessThanOrEqual(1e-7);
        // The identity itself, up to the float32 rounding of p.
        const gap = p[g * 3 + c] - expected[g * 3 + c];
        expect(Math.abs(gap * (groupSize[g] / labels.length) - weightGradient)).toBeLessThanOrEqual(float32Rounding);
        expect(Math.abs(gap)).toBeLessThan(3e-7);
      }
    }
  });
});

describe('fitStackingClassifier', () => {
  it('learns which member to trust per class and beats every member and the soft vote', () => {
    const random = createRng(42);
    const numClasses = 4;
    const count = 800;
    const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * numClasses));
    // Member A is right on classes 0-1 and guesses on 2-3; member B the other way around.
    const member = (good: (y: number) => boolean) => {
      const scores = new Float32Array(count * numClasses);
      for (let i = 0; i < count; i++) {
        const y = labels[i];
        const guess = good(y) ? y : Math.floor(random() * numClasses);
        for (let c = 0; c < numClasses; c++) scores[i * numClasses + c] = c === guess ? 0.7 : 0.1;
      }
      return scores;
    };
    const a = member((y) => y < 2);
    const b = member((y) => y >= 2);
    const half = count / 2;
    const fit = (s: Float32Array) => s.subarray(0, half * numClasses);
    const held = (s: Float32Array) => s.subarray(half * numClasses);
    const stack = fitStackingClassifier([fit(a), fit(b)], labels.subarray(0, half), { numClasses });
    const accuracy = (scores: Float32Array) => {
      const pred = argmaxRows(scores, numClasses);
      let right = 0;
      for (let i = 0; i < half; i++) right += pred[i] === labels[half + i] ? 1 : 0;
      return right / half;
    };
    const stacked = accuracy(stack.predict([held(a), held(b)]));
    const soft = accuracy(softVote([held(a), held(b)], { numClasses }));
    expect(stacked).toBeGreaterThan(accuracy(held(a)) + 0.1);
    expect(stacked).toBeGreaterThan(accuracy(held(b)) + 0.1);
    expect(stacked).toBeGreaterThan(soft);
  });

  it('rejects bad input before fitting', () => {
    const s = new Float32Array([0.5, 0.5, 0.2, 0.8]);
    expect(() => fitStackingClassifier([s], [0], { numClasses: 2 })).toThrow(/hold 2 labels, got 1/);
    expect(() => fitStackingClassifier([s], [0, 2], { numClasses: 2 })).toThrow(/yTrue\[1\]/);
    expect(() => fitStackingClassifier([s], [0, 1], { numClasses: 2, l2: -1 })).toThrow(/l2/);
    const stack = fitStackingClassifier([s], [0, 1], { numClasses: 2 });
    expect(() => stack.predict([s, s])).toThrow(/expected scores of 1 members, got 2/);
  });
});
