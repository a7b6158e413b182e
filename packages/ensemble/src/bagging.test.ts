import type { DigitDataset } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { predictMembers, trainBaggingEnsemble } from './bagging.js';
import { bootstrapIndices, outOfBagIndices } from './bootstrap.js';

function tinyDataset(count: number): DigitDataset {
  const images = new Uint8Array(count * 4);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 3;
    images.fill(i % 256, i * 4, i * 4 + 4);
  }
  return { images, labels, count, rows: 2, cols: 2, numClasses: 3 };
}

describe('bootstrapIndices', () => {
  it('is deterministic per seed and draws each index with equal chance', () => {
    const a = bootstrapIndices(100_000, { seed: 7 });
    expect(bootstrapIndices(100_000, { seed: 7 })).toEqual(a);
    expect(bootstrapIndices(100_000, { seed: 8 })).not.toEqual(a);
    const seen = new Uint8Array(100_000);
    for (const i of a) {
      expect(i >= 0 && i < 100_000).toBe(true);
      seen[i] = 1;
    }
    // The expected unique fraction of a bootstrap sample is 1 - (1 - 1/n)^n ≈ 1 - 1/e = 0.6321.
    const unique = seen.reduce((s, v) => s + v, 0) / 100_000;
    expect(Math.abs(unique - (1 - Math.exp(-1)))).toBeLessThan(0.005);
  });

  it('out-of-bag indices are exactly the ones not drawn', () => {
    expect(Array.from(outOfBagIndices(6, [0, 0, 2, 5, 2, 2]))).toEqual([1, 3, 4]);
    expect(() => outOfBagIndices(3, [3])).toThrow(/\[0, 3\), got 3/);
  });

  it('rejects bad arguments', () => {
    expect(() => bootstrapIndices(0, { seed: 1 })).toThrow(/expected count to be an integer ≥ 1 and ≤ 2147483647, got 0/);
    expect(() => bootstrapIndices(5, { seed: Number.NaN })).toThrow(TypeError);
  });
});

describe('trainBaggingEnsemble', () => {
  it('trains each member on its own bootstrap sample and predicts with every member', async () => {
    const dataset = tinyDataset(30);
    const seenSamples: DigitDataset[] = [];
    const ensemble = await trainBaggingEnsemble(dataset, {
      members: 3,
      seed: 11,
      train: (sample, { member, indices }) => {
        seenSamples.push(sample);
        // The sample is the subset of the data set at `indices`.
        for (let i = 0; i < indices.length; i++) {
          expect(sample.labels[i]).toBe(dataset.labels[indices[i]]);
          expect(sample.images[i * 4]).toBe(dataset.images[indices[i] * 4]);
        }
        return { predict: (d: DigitDataset) => new Float32Array(d.count * 3).fill(member) };
      },
    });
    expect(ensemble.members).toHaveLength(3);
    expect(ensemble.samples[0]).toEqual(bootstrapIndices(30, { seed: 11 }));
    expect(ensemble.samples[2]).toEqual(bootstrapIndices(30, { seed: 13 }));
    expect(seenSamples.every((s) => s.count === 30)).toBe(true);
    const predictions = await predictMembers(ensemble.members, dataset);
    expect(predictions.map((p) => p[0])).toEqual([0, 1, 2]);
  });

  it('rejects bad options before training', async () => {
    let calls = 0;
    const train = () => {
      calls++;
      return { predict: () => new Float32Array(0) };
    };
    await expect(trainBaggingEnsemble(tinyDataset(5), { members: 0, seed: 1, train })).rejects.toThrow(/members/);
    await expect(trainBaggingEnsemble(tinyDataset(5), { members: 2, seed: 1, sampleFraction: 0, train })).rejects.toThrow(
      /sampleFraction/,
    );
    expect(calls).toBe(0);
  });
});
