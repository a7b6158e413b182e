/** Issue 13: every options object of the package is closed — an unknown key is a TypeError that names it. */
import type { DigitDataset } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { bootstrapIndices, fitCrossValidatedStacking, fitSoftVoteWeights, fitStackingClassifier, hardVote, softVote, stratifiedFolds, trainBaggingEnsemble } from './index.js';

const scores = [Float32Array.of(0.9, 0.1, 0.2, 0.8)];
const dataset: DigitDataset = { images: new Uint8Array(4), labels: Uint8Array.of(0, 1), count: 2, rows: 1, cols: 2, numClasses: 2 };
const train = () => ({ predict: (d: DigitDataset) => new Float32Array(d.count * 2) });

const calls: Array<[string, (extra: Record<string, unknown>) => unknown, string]> = [
  ['softVote', (o) => softVote(scores, { numClasses: 2, ...o }), 'weights'],
  ['hardVote', (o) => hardVote([[0, 1]], { numClasses: 2, ...o }), 'weights'],
  ['bootstrapIndices', (o) => bootstrapIndices(5, { seed: 1, ...o }), 'size'],
  ['fitStackingClassifier', (o) => fitStackingClassifier(scores, [0, 1], { numClasses: 2, ...o }), 'maxIterations'],
  ['fitCrossValidatedStacking', (o) => fitCrossValidatedStacking(scores, [0, 1], { numClasses: 2, folds: 2, ...o }), 'l2Values'],
  ['fitSoftVoteWeights', (o) => fitSoftVoteWeights(scores, [0, 1], { numClasses: 2, ...o }), 'divisions'],
  ['stratifiedFolds', (o) => stratifiedFolds([0, 1], { numClasses: 2, folds: 2, ...o }), 'seed'],
  ['trainBaggingEnsemble', (o) => trainBaggingEnsemble(dataset, { members: 1, seed: 1, train, ...o }), 'sampleFraction'],
];

describe('closed options', () => {
  for (const [name, call, known] of calls) {
    it(`${name}: a typo of ${known} throws a TypeError naming the key, a did-you-mean and the known keys`, async () => {
      const typo = `${known.slice(0, -1)}x`;
      let thrown: unknown;
      try {
        await call({ [typo]: 1 });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      const message = (thrown as Error).message;
      expect(message).toContain(`${name}: unknown option options.${typo} (did you mean ${known}?)`);
      expect(message).toMatch(/known options: /);
      // A key far from every known one: no guess, still named.
      await expect(async () => call({ verbose: true })).rejects.toThrow(`${name}: unknown option options.verbose; known options:`);
    });
  }
});
