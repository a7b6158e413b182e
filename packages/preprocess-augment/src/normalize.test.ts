import { loadMnist } from '@digitkit/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { normalize } from './normalize.js';
import { oneHot } from './one-hot.js';
import { twoPassMoments } from './__fixtures__/reference.js';

describe('normalize', () => {
  it("maps bytes to [0, 1] in 'unit' mode", () => {
    const { values, mean, std } = normalize(Uint8Array.of(0, 51, 255));
    expect(Array.from(values)).toEqual([0, Math.fround(0.2), 1]);
    expect({ mean, std }).toEqual({ mean: 0, std: 1 });
    expect(Array.from(normalize([0, 5, 10], { maxValue: 10 }).values)).toEqual([0, 0.5, 1]);
  });

  it('standardizes with the two-pass mean and population std of the data', () => {
    const raw = Uint8Array.of(0, 0, 10, 200, 255, 30, 0, 90);
    const truth = twoPassMoments(Array.from(raw, (v) => v / 255));
    const { values, mean, std } = normalize(raw, { mode: 'standardize' });
    expect(mean).toBeCloseTo(truth.mean, 14);
    expect(std).toBeCloseTo(truth.std, 14);
    const check = twoPassMoments(Array.from(values));
    expect(check.mean).toBeCloseTo(0, 6);
    expect(check.std).toBeCloseTo(1, 6);
  });

  it('uses a given mean and std, e.g. the training statistics for the test set', () => {
    const { values } = normalize(Uint8Array.of(0, 255), { mode: 'standardize', mean: 0.5, std: 0.25 });
    expect(Array.from(values)).toEqual([-2, 2]);
  });

  it('finds mean ≈ 0.1307 and std ≈ 0.3081 on the MNIST training images', async () => {
    const { train } = await loadMnist();
    const { mean, std } = normalize(train.images, { mode: 'standardize' });
    expect(mean).toBeCloseTo(0.1307, 4);
    expect(std).toBeCloseTo(0.3081, 4);
  });

  it('rejects NaN, bad modes and bad statistics', () => {
    expect(() => normalize(Float32Array.of(1, Number.NaN))).toThrow(/normalize: expected finite pixel values, got NaN at index 1/);
    expect(() => normalize([1, 2], { mode: 'minmax' as 'unit' })).toThrow(/options.mode/);
    expect(() => normalize([1, 2], { mode: 'standardize', std: 0 })).toThrow(/options.std > 0/);
    expect(() => normalize([3, 3], { mode: 'standardize' })).toThrow(/constant/);
    expect(() => normalize('abc' as unknown as number[])).toThrow(TypeError);
    expect(() => normalize([1], { maxValue: -1 })).toThrow(/maxValue > 0/);
  });
});

describe('oneHot', () => {
  it('encodes labels row by row', () => {
    expect(Array.from(oneHot([2, 0], 3))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(oneHot(Uint8Array.of(9)).length).toBe(10);
  });

  it('rejects labels out of range', () => {
    expect(() => oneHot([3], 3)).toThrow(/oneHot: expected labels in \[0, 3\), got 3 at index 0/);
    expect(() => oneHot([0], 0)).toThrow(/numClasses/);
  });
});
