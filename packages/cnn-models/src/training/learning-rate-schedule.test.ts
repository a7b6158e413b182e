import { describe, expect, it } from 'vitest';
import { learningRateAt } from './learning-rate-schedule.js';

const progress = (step: number) => ({ learningRate: 0.1, step, stepsPerEpoch: 10, totalSteps: 100 });

describe('learning-rate schedules (closed forms)', () => {
  it('exponential: lr · rate^(step / (stepsPerEpoch · decayEpochs)), continuous or staircase', () => {
    expect(learningRateAt('exponential', progress(0))).toBe(0.1);
    expect(learningRateAt('exponential', progress(10))).toBeCloseTo(0.1 * 0.95, 15);
    expect(learningRateAt({ type: 'exponential', decayRate: 0.5 }, progress(15))).toBeCloseTo(0.1 * 0.5 ** 1.5, 15);
    expect(learningRateAt({ type: 'exponential', decayRate: 0.5, staircase: true }, progress(15))).toBeCloseTo(0.05, 15);
    expect(learningRateAt({ type: 'exponential', decayRate: 0.5, decayEpochs: 2 }, progress(40))).toBeCloseTo(0.025, 15);
  });

  it('cosine: starts at lr, halfway at (lr + min) / 2, ends at min', () => {
    const s = { type: 'cosine', minLearningRate: 0.01 } as const;
    expect(learningRateAt(s, progress(0))).toBeCloseTo(0.1, 15);
    expect(learningRateAt(s, progress(50))).toBeCloseTo(0.055, 15);
    expect(learningRateAt(s, progress(100))).toBeCloseTo(0.01, 15);
    expect(learningRateAt(s, progress(25))).toBeCloseTo(0.01 + 0.09 * 0.5 * (1 + Math.SQRT1_2), 12);
  });

  it('cosine with warm-up rises linearly first', () => {
    const s = { type: 'cosine', warmupEpochs: 1 } as const;
    expect(learningRateAt(s, progress(0))).toBeCloseTo(0.01, 15);
    expect(learningRateAt(s, progress(4))).toBeCloseTo(0.05, 15);
    expect(learningRateAt(s, progress(10))).toBeCloseTo(0.1, 15);
  });

  it('one-cycle: lr/25 at the start, the peak at 30% of the steps, lr/(25·1e4) at the last step', () => {
    expect(learningRateAt('one-cycle', progress(0))).toBeCloseTo(0.1 / 25, 15);
    expect(learningRateAt('one-cycle', progress(29))).toBeCloseTo(0.1, 15);
    expect(learningRateAt('one-cycle', progress(99))).toBeCloseTo(0.1 / 25 / 1e4, 15);
    const rising = [0, 5, 10, 20, 29].map((s) => learningRateAt('one-cycle', progress(s)));
    const falling = [29, 40, 60, 80, 99].map((s) => learningRateAt('one-cycle', progress(s)));
    for (let i = 1; i < rising.length; i++) expect(rising[i]).toBeGreaterThan(rising[i - 1]);
    for (let i = 1; i < falling.length; i++) expect(falling[i]).toBeLessThan(falling[i - 1]);
  });

  it('rejects bad schedules and progress', () => {
    expect(() => learningRateAt({ type: 'exponential', decayRate: 1.5 }, progress(0))).toThrow(/expected schedule.decayRate in \(0, 1\]/);
    expect(() => learningRateAt({ type: 'step' } as never, progress(0))).toThrow(TypeError);
    expect(() => learningRateAt({ type: 'one-cycle', pctStart: 1 }, progress(0))).toThrow(RangeError);
    expect(() => learningRateAt('cosine', { ...progress(0), step: -1 })).toThrow(RangeError);
  });
});
