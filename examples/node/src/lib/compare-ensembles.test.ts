import { createRng, type DigitDataset } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { fitCnnEnsembles } from './compare-ensembles.js';
import type { MemberOutcome } from './compare-members.js';

const K = 10;

/** Synthetic CNN scores: right with probability `hit`, a softmax bump on the guess. */
function scores(labels: Uint8Array, hit: number, random: () => number): Float32Array {
  const out = new Float32Array(labels.length * K);
  labels.forEach((y, i) => {
    const guess = random() < hit ? y : Math.floor(random() * K);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += out[i * K + c] = Math.exp(random() + (c === guess ? 4 : 0));
    for (let c = 0; c < K; c++) out[i * K + c] /= sum;
  });
  return out;
}

function member(name: string, validation: Float32Array, test: Float32Array): MemberOutcome {
  return { name, kind: 'cnn', testProbabilities: test, validationProbabilities: validation, trainSeconds: 1, inferenceMsPerImage: 1, sizeBytes: 1 };
}

describe('fitCnnEnsembles', () => {
  const random = createRng(3);
  const labels = Uint8Array.from({ length: 300 }, () => Math.floor(random() * K));
  const validation: DigitDataset = { images: new Uint8Array(300), labels, count: 300, rows: 1, cols: 1, numClasses: K };
  const hits = [0.9, 0.85, 0.6];
  const valScores = hits.map((h) => scores(labels, h, random));
  const testA = hits.map((h) => scores(labels, h, random));
  const testB = hits.map(() => scores(labels, 0.1, random));

  it('fits and chooses on the validation part only: other test scores change no weight, penalty or choice', () => {
    const a = fitCnnEnsembles(valScores.map((v, m) => member(`m${m}`, v, testA[m])), validation, 42);
    const b = fitCnnEnsembles(valScores.map((v, m) => member(`m${m}`, v, testB[m])), validation, 42);
    expect(a.ensembles.map((e) => e.name)).toEqual(['soft-vote', 'weighted-vote', 'hard-vote', 'stacking']);
    expect(b.selected).toBe(a.selected);
    a.ensembles.forEach((e, j) => {
      expect(b.ensembles[j].detail).toBe(e.detail);
      expect(b.ensembles[j].validation).toEqual(e.validation);
    });
    // The weak third member gets less weight than the best one.
    const weights = /m0 ([\d.]+), m1 ([\d.]+), m2 ([\d.]+)/.exec(a.ensembles[1].detail)!.slice(1).map(Number);
    expect(weights[0] + weights[1] + weights[2]).toBeCloseTo(1, 10);
    expect(weights[2]).toBeLessThan(weights[0]);
    // The selection is the smallest validation log loss.
    const probabilistic = a.ensembles.filter((e) => e.validation);
    const smallest = probabilistic.reduce((x, y) => (y.validation!.logLoss < x.validation!.logLoss ? y : x));
    expect(a.selected).toBe(smallest.name);
  });

  it('a validation part too small to cross-validate gives the parameter-free votes only', () => {
    const tiny: DigitDataset = { ...validation, labels: labels.subarray(0, 1), count: 1 };
    const result = fitCnnEnsembles(
      valScores.map((v, m) => member(`m${m}`, v.subarray(0, K), testA[m])),
      tiny,
      1,
    );
    expect(result.ensembles.map((e) => e.name)).toEqual(['soft-vote', 'hard-vote']);
    expect(result.selected).toBe('soft-vote');
  });
});
