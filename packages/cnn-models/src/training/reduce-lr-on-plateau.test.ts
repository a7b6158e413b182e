import { describe, expect, it } from 'vitest';
import { initialReduceLrOnPlateauState, resolveReduceLrOnPlateau, updateReduceLrOnPlateau } from './reduce-lr-on-plateau.js';

/** Learning rate used in each epoch for a scripted sequence of monitored values. */
function rates(values: number[], lr: number, options: Parameters<typeof resolveReduceLrOnPlateau>[1]): number[] {
  const resolved = resolveReduceLrOnPlateau('test', options);
  let state = initialReduceLrOnPlateauState();
  const used: number[] = [];
  for (const value of values) {
    used.push(lr);
    const update = updateReduceLrOnPlateau(state, value, lr, resolved);
    state = update.state;
    lr = update.learningRate;
  }
  used.push(lr);
  return used;
}

describe('LR on plateau (Keras semantics on scripted sequences)', () => {
  it('reduces by factor after patience epochs without improvement', () => {
    // improvements at 1, 2; epochs 3, 4 plateau → at epoch 4 (wait 2) reduce: next epoch uses 0.05
    expect(rates([1, 0.9, 0.95, 0.93, 0.8], 0.1, { factor: 0.5, patience: 2 })).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05]);
  });

  it('minDelta (default 1e-4) ignores tiny improvements', () => {
    expect(rates([1, 0.99995, 0.99991], 1, { factor: 0.1, patience: 2 })).toEqual([1, 1, 1, 0.1]);
  });

  it('cooldown holds the counter after a reduction', () => {
    // Keras trace, patience 1, cooldown 2: epoch 2 reduces (cooldown = 2); epoch 3 decrements it to 1 and is
    // skipped; epoch 4 decrements it to 0, is no longer in cooldown, counts wait 1 and reduces again; and so on.
    const r = rates([1, 1, 1, 1, 1, 1], 1, { factor: 0.5, patience: 1, cooldown: 2 });
    expect(r).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    // without cooldown every plateau epoch reduces
    expect(rates([1, 1, 1, 1], 1, { factor: 0.5, patience: 1 })).toEqual([1, 1, 0.5, 0.25, 0.125]);
  });

  it('never goes below minLr and stops reducing at it', () => {
    const r = rates([1, 1, 1, 1, 1], 1, { factor: 0.1, patience: 1, minLr: 0.05 });
    expect(r).toEqual([1, 1, 0.1, 0.1 * 0.1 < 0.05 ? 0.05 : 0.01, 0.05, 0.05]);
  });

  it("monitor 'valAccuracy' maximizes", () => {
    expect(rates([0.9, 0.95, 0.94], 1, { monitor: 'valAccuracy', factor: 0.5, patience: 1 })).toEqual([1, 1, 1, 0.5]);
  });

  it('rejects bad options', () => {
    expect(() => resolveReduceLrOnPlateau('trainClassifier', { factor: 1 })).toThrow(
      /trainClassifier: expected reduceLrOnPlateau.factor in \(0, 1\), got 1/,
    );
    expect(() => resolveReduceLrOnPlateau('f', { patience: 1.5 })).toThrow(RangeError);
    expect(() => resolveReduceLrOnPlateau('f', { minLr: -1 })).toThrow(RangeError);
    expect(() => resolveReduceLrOnPlateau('f', { cooldown: -1 })).toThrow(RangeError);
  });
});
