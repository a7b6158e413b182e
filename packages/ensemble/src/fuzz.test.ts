/**
 * A seeded fuzz of the voting and stacking entry points: random shapes and values, a share of them hostile (NaN,
 * Infinity, negatives, strings, wrong lengths, odd numClasses). Every call either throws a TypeError/RangeError
 * naming the function, or returns what a brute-force reference computes.
 */
import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { argmaxRows, fitStackingClassifier, hardVote, softVote } from './index.js';

const random = createRng(20261201);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const HOSTILE = [Number.NaN, Infinity, -Infinity, -0.5, '0.5', null, undefined, 2 ** 53, -0];

function randomScores(count: number, numClasses: number, hostileRate: number): unknown[] {
  return Array.from({ length: count * numClasses }, () => (random() < hostileRate ? pick(HOSTILE) : random()));
}

function expectNamedArgumentError(error: unknown, fn: string): void {
  expect(error instanceof TypeError || error instanceof RangeError, String(error)).toBe(true);
  expect((error as Error).message.startsWith(`${fn}: `)).toBe(true);
}

/** softVote by the definition: Σ w_m s_m / Σ w_m, in float64 then float32. */
function referenceSoftVote(members: number[][], weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return members[0].map((_, j) => Math.fround(members.reduce((sum, s, m) => sum + (weights[m] / total) * s[j], 0)));
}

/** hardVote by the definition: the label with the largest weight total over all numClasses labels, smallest on ties. */
function referenceHardVote(members: number[][], weights: number[], numClasses: number): number[] {
  return members[0].map((_, i) => {
    const votes = new Array(numClasses).fill(0);
    members.forEach((labels, m) => (votes[labels[i]] += weights[m]));
    return votes.indexOf(Math.max(...votes));
  });
}

describe('seeded fuzz', () => {
  it('softVote: an argument error or the reference mean, over 600 random calls', () => {
    let valid = 0;
    for (let trial = 0; trial < 600; trial++) {
      const numClasses = pick([2, 3, 10, 1, 0, 2.5, NaN]);
      const count = pick([1, 2, 7]);
      const memberCount = pick([1, 2, 3]);
      const hostile = random() < 0.5 ? 0.05 : 0;
      const width = Number.isInteger(numClasses) && numClasses > 0 ? numClasses : 2;
      const members = Array.from({ length: memberCount }, () => {
        const length = random() < 0.1 ? count * width + 1 : count * width;
        return randomScores(1, length, hostile);
      });
      const weights = random() < 0.3 ? Array.from({ length: memberCount }, () => (random() < 0.1 ? pick(HOSTILE) : random())) : undefined;
      let result: Float32Array | undefined;
      try {
        result = softVote(members as number[][], { numClasses, weights: weights as number[] | undefined });
      } catch (error) {
        expectNamedArgumentError(error, 'softVote');
        continue;
      }
      valid++;
      const expected = referenceSoftVote(members as number[][], (weights as number[] | undefined) ?? members.map(() => 1));
      expect(Array.from(result).every((v, j) => Math.abs(v - expected[j]) <= 1e-6 * Math.max(1, Math.abs(expected[j])))).toBe(true);
    }
    expect(valid).toBeGreaterThan(50);
  });

  it('hardVote: an argument error or the reference majority, over 600 random calls', () => {
    let valid = 0;
    for (let trial = 0; trial < 600; trial++) {
      const numClasses = pick([2, 3, 5, 1, 1.5]);
      const count = pick([1, 4, 9]);
      const members = Array.from({ length: pick([1, 2, 3, 4]) }, () =>
        Array.from({ length: random() < 0.05 ? count + 1 : count }, () =>
          random() < 0.03 ? pick([...HOSTILE, 7, -1, 1.5]) : Math.floor(random() * Math.max(1, Math.floor(numClasses))),
        ),
      );
      const weights = random() < 0.5 ? members.map(() => pick([0, 1, 2, 0.5])) : undefined;
      let result: Int32Array | undefined;
      try {
        result = hardVote(members as number[][], { numClasses, weights });
      } catch (error) {
        expectNamedArgumentError(error, 'hardVote');
        continue;
      }
      valid++;
      expect(Array.from(result)).toEqual(referenceHardVote(members as number[][], weights ?? members.map(() => 1), numClasses));
    }
    expect(valid).toBeGreaterThan(50);
  });

  it('fitStackingClassifier: an argument error, or probabilities (finite, rows summing to 1)', () => {
    for (let trial = 0; trial < 60; trial++) {
      const numClasses = pick([2, 3, 1]);
      const count = pick([1, 3, 6]);
      const width = Math.max(numClasses, 1);
      const members = Array.from({ length: pick([1, 2]) }, () => randomScores(count, width, random() < 0.5 ? 0.05 : 0));
      const labels = Array.from({ length: count }, () => (random() < 0.05 ? pick(HOSTILE) : Math.floor(random() * width)));
      let probabilities: Float32Array;
      try {
        probabilities = fitStackingClassifier(members as number[][], labels as number[], { numClasses, maxIterations: 20 }).predict(
          members as number[][],
        );
      } catch (error) {
        expect(error instanceof TypeError || error instanceof RangeError, String(error)).toBe(true);
        expect((error as Error).message).toMatch(/^(fitStackingClassifier|StackingClassifier\.predict): /);
        continue;
      }
      expect(probabilities.length).toBe(count * numClasses);
      const labelsOut = argmaxRows(probabilities, numClasses);
      expect(labelsOut.every((y) => y >= 0 && y < numClasses)).toBe(true);
      for (let i = 0; i < count; i++) {
        const row = probabilities.subarray(i * numClasses, (i + 1) * numClasses);
        expect(row.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)).toBe(true);
        expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
      }
    }
  });
});
