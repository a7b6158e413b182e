import { describe, expect, it } from 'vitest';
import { initialEarlyStoppingState, resolveEarlyStopping, updateEarlyStopping } from './early-stopping.js';

/** Runs early stopping over a scripted sequence; returns the epoch it stops at (1-based) and the best epoch. */
function run(values: number[], options: Parameters<typeof resolveEarlyStopping>[1]) {
  const resolved = resolveEarlyStopping('test', options);
  let state = initialEarlyStoppingState();
  const improvedAt: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const update = updateEarlyStopping(state, i + 1, values[i], resolved);
    state = update.state;
    if (update.improved) improvedAt.push(i + 1);
    if (update.stop) return { stoppedAt: i + 1, bestEpoch: state.bestEpoch, best: state.best, improvedAt };
  }
  return { stoppedAt: undefined, bestEpoch: state.bestEpoch, best: state.best, improvedAt };
}

describe('early stopping (Keras semantics on scripted sequences)', () => {
  it('patience 2: stops at the second epoch without improvement', () => {
    // 1.0 ↓ 0.8 ↓ 0.7 ↑ 0.75 (wait 1) ↑ 0.72 (wait 2 → stop at epoch 5)
    expect(run([1.0, 0.8, 0.7, 0.75, 0.72, 0.5], { patience: 2 })).toEqual({
      stoppedAt: 5,
      bestEpoch: 3,
      best: 0.7,
      improvedAt: [1, 2, 3],
    });
  });

  it('patience 0 (Keras default) stops at the first epoch without improvement', () => {
    expect(run([3, 2, 2.5, 1], {}).stoppedAt).toBe(3);
  });

  it('an improvement resets the wait counter', () => {
    // improvements at 1, 3, 5; waits never reach 2 until epochs 6 and 7
    expect(run([1, 1.1, 0.9, 0.95, 0.8, 0.85, 0.86, 0.1], { patience: 2 })).toMatchObject({ stoppedAt: 7, bestEpoch: 5 });
  });

  it('minDelta: changes smaller than minDelta do not count as improvements', () => {
    // 0.995 is only 0.005 better than 1.0 (< minDelta 0.01): no improvement; 0.98 beats 1.0 by 0.02
    expect(run([1.0, 0.995, 0.98, 0.975, 0.972], { patience: 1, minDelta: 0.01 })).toMatchObject({
      stoppedAt: 2,
      bestEpoch: 1,
    });
    expect(run([1.0, 0.98, 0.975, 0.9], { patience: 2, minDelta: 0.01 })).toMatchObject({ stoppedAt: undefined, bestEpoch: 4 });
  });

  it("monitor 'valAccuracy' maximizes (mode auto → max)", () => {
    expect(resolveEarlyStopping('t', { monitor: 'valAccuracy' }).mode).toBe('max');
    expect(run([0.9, 0.95, 0.94, 0.93], { monitor: 'valAccuracy', patience: 2 })).toMatchObject({ stoppedAt: 4, bestEpoch: 2 });
  });

  it('explicit mode overrides auto', () => {
    expect(run([1, 2, 3, 2], { monitor: 'loss', mode: 'max', patience: 0 })).toMatchObject({ stoppedAt: 4, bestEpoch: 3 });
  });

  it('NaN never improves and never stops the first epoch', () => {
    expect(run([Number.NaN, 1, Number.NaN], { patience: 0 })).toMatchObject({ stoppedAt: 3, bestEpoch: 2 });
  });

  it('the state is plain data and updates are pure', () => {
    const resolved = resolveEarlyStopping('t', { patience: 3 });
    const state = initialEarlyStoppingState();
    const a = updateEarlyStopping(state, 1, 0.5, resolved);
    expect(state).toEqual({ best: null, bestEpoch: null, wait: 0 });
    expect(updateEarlyStopping(state, 1, 0.5, resolved)).toEqual(a);
    expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state);
  });

  it('rejects bad options', () => {
    expect(() => resolveEarlyStopping('trainClassifier', { patience: -1 })).toThrow(
      /trainClassifier: expected earlyStopping.patience to be an integer >= 0, got -1/,
    );
    // Keras' names are accepted (issue 13); a misspelt one is not.
    expect(resolveEarlyStopping('f', { monitor: 'val_loss' }).monitor).toBe('valLoss');
    expect(resolveEarlyStopping('f', { monitor: 'val_acc' })).toMatchObject({ monitor: 'valAccuracy', mode: 'max' });
    expect(resolveEarlyStopping('f', { monitor: 'val_accuracy' }).monitor).toBe('valAccuracy');
    expect(() => resolveEarlyStopping('f', { monitor: 'val_los' as 'valLoss' })).toThrow(/expected monitor to be one of 'valLoss'.*'val_loss'/);
    expect(() => resolveEarlyStopping('f', { patiense: 1 } as never)).toThrow(/unknown option options.earlyStopping.patiense \(did you mean patience\?\)/);
    expect(() => resolveEarlyStopping('f', { minDelta: -0.1 })).toThrow(RangeError);
    expect(() => resolveEarlyStopping('f', { mode: 'up' as 'min' })).toThrow(TypeError);
  });
});
