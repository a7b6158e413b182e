import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { fitSoftVoteWeights } from './fit-soft-vote-weights.js';
import { softVote } from './soft-vote.js';

const K = 4;

/** Random calibrated-looking member: true class gets `p` with probability `hit`, else a random wrong class does. */
function member(labels: Int32Array, hit: number, p: number, seed: number): Float32Array {
  const random = createRng(seed);
  const scores = new Float32Array(labels.length * K).fill((1 - p) / (K - 1));
  labels.forEach((y, i) => {
    const guess = random() < hit ? y : (y + 1 + Math.floor(random() * (K - 1))) % K;
    scores[i * K + guess] = p;
  });
  return scores;
}

function meanLogLoss(probabilities: Float32Array, labels: Int32Array): number {
  let loss = 0;
  labels.forEach((y, i) => (loss -= Math.log(Math.max(probabilities[i * K + y], 1e-7))));
  return loss / labels.length;
}

describe('fitSoftVoteWeights', () => {
  const random = createRng(11);
  const labels = Int32Array.from({ length: 2000 }, () => Math.floor(random() * K));

  it('two members: picks the grid point next to the continuous optimum of the (convex) log loss', () => {
    const a = member(labels, 0.85, 0.6, 1);
    const b = member(labels, 0.8, 0.75, 2);
    const fitted = fitSoftVoteWeights([a, b], labels, { numClasses: K, divisions: 20 });
    // Independent truth: bisection on the derivative of L(w) = -mean log(w a_i + (1 - w) b_i) (convex in w).
    const ta = Array.from(labels, (y, i) => a[i * K + y]);
    const tb = Array.from(labels, (y, i) => b[i * K + y]);
    const derivative = (w: number) => {
      let d = 0;
      for (let i = 0; i < labels.length; i++) d -= (ta[i] - tb[i]) / (w * ta[i] + (1 - w) * tb[i]);
      return d;
    };
    let lo = 0;
    let hi = 1;
    for (let step = 0; step < 60; step++) {
      const mid = (lo + hi) / 2;
      if (derivative(mid) > 0) hi = mid;
      else lo = mid;
    }
    const optimum = (lo + hi) / 2;
    expect(optimum).toBeGreaterThan(0.05);
    expect(optimum).toBeLessThan(0.95);
    const loss = (w: number) => meanLogLoss(softVote([a, b], { numClasses: K, weights: [w, 1 - w] }), labels);
    const neighbours = [Math.floor(optimum * 20) / 20, Math.ceil(optimum * 20) / 20];
    const expected = loss(neighbours[0]) <= loss(neighbours[1]) ? neighbours[0] : neighbours[1];
    expect(fitted.weights[0]).toBeCloseTo(expected, 12);
    expect(fitted.weights[0] + fitted.weights[1]).toBeCloseTo(1, 12);
    expect(fitted.logLoss).toBeCloseTo(loss(expected), 6);
    expect(fitted.candidates).toBe(21);
  });

  it('three members: equals a brute-force scan of every grid vector', () => {
    const members = [member(labels, 0.85, 0.6, 3), member(labels, 0.8, 0.8, 4), member(labels, 0.7, 0.5, 5)];
    const fitted = fitSoftVoteWeights(members, labels, { numClasses: K, divisions: 10 });
    let best = { loss: Infinity, weights: [0, 0, 0] };
    let tried = 0;
    for (let i = 0; i <= 10; i++) {
      for (let j = 0; i + j <= 10; j++) {
        const weights = [i / 10, j / 10, (10 - i - j) / 10];
        tried++;
        const loss = meanLogLoss(softVote(members, { numClasses: K, weights: weights.every((w) => w === 0) ? [1, 1, 1] : weights }), labels);
        if (loss < best.loss - 1e-9) best = { loss, weights };
      }
    }
    expect(fitted.candidates).toBe(tried);
    fitted.weights.forEach((w, m) => expect(w).toBeCloseTo(best.weights[m], 12));
    expect(fitted.logLoss).toBeCloseTo(best.loss, 6);
    let right = 0;
    const voted = softVote(members, { numClasses: K, weights: fitted.weights });
    labels.forEach((y, i) => {
      const row = Array.from(voted.subarray(i * K, (i + 1) * K));
      right += row.indexOf(Math.max(...row)) === y ? 1 : 0;
    });
    expect(fitted.accuracy).toBe(right / labels.length);
  });

  it('identical members keep equal weights; a member that is always wrong gets weight 0', () => {
    const a = member(labels, 0.9, 0.7, 6);
    expect(fitSoftVoteWeights([a, a, a, a], labels, { numClasses: K }).weights).toEqual([0.25, 0.25, 0.25, 0.25]);
    // Always-wrong member: its true-class probability is 0, so any weight on it only lowers the mixture.
    const wrong = new Float32Array(labels.length * K);
    labels.forEach((y, i) => (wrong[i * K + ((y + 1) % K)] = 1));
    expect(fitSoftVoteWeights([a, wrong], labels, { numClasses: K }).weights).toEqual([1, 0]);
  });

  it('refuses bad input and oversized grids before any work', () => {
    const s = [Float32Array.of(0.5, 0.5, 0.2, 0.8)];
    expect(() => fitSoftVoteWeights(s, [0], { numClasses: 2 })).toThrow(/hold 2 labels, got 1/);
    expect(() => fitSoftVoteWeights(s, [0, 1], { numClasses: 2, divisions: 0 })).toThrow(RangeError);
    const many = Array.from({ length: 12 }, () => s[0]);
    expect(() => fitSoftVoteWeights(many, [0, 1], { numClasses: 2, divisions: 100 })).toThrow(/expected at most 1000000 weight vectors/);
    expect(() => fitSoftVoteWeights(s, [0, 1], { numClasses: 2, division: 3 } as never)).toThrow(/did you mean divisions\?/);
  });
});
