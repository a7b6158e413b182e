import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { byClass, expectStandaloneSvg } from '../__fixtures__/svg-testing.js';
import { renderTrainingCurves } from './training-curves.js';

/** A real tfjs History: `model.fit` on a tiny problem, 3 epochs, with a validation split and accuracy. */
async function fitHistory(metric: 'acc' | 'accuracy'): Promise<tfl.History> {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: [metric] });
  const xs = tf.tensor2d([0, 1, 2, 1, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1, 1, 2, 0, 1, 0, 2, 2, 1, 1, 0], [8, 3]);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
  const history = await model.fit(xs, ys, { epochs: 3, validationSplit: 0.25, verbose: 0 });
  tf.dispose([xs, ys]);
  model.dispose();
  return history;
}

describe('renderTrainingCurves with a tfjs History', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('draws what model.fit returned exactly like the same numbers in digitkit shape (epochs 1…N)', async () => {
    for (const metric of ['acc', 'accuracy'] as const) {
      const history = await fitHistory(metric);
      const logs = history.history as Record<string, number[]>;
      expect(history.epoch).toEqual([0, 1, 2]);
      // tfjs 4.22 logs `acc`/`val_acc` whether the model was compiled with 'acc' or 'accuracy'.
      const accuracy = logs.acc ?? logs.accuracy;
      const valAccuracy = logs.val_acc ?? logs.val_accuracy;
      const ours = {
        epochs: history.epoch.map((e, i) => ({
          epoch: e + 1, loss: logs.loss[i], accuracy: accuracy[i], valLoss: logs.val_loss[i], valAccuracy: valAccuracy[i],
        })),
      };
      // Keras (Python) names the same series accuracy / val_accuracy.
      const keras = {
        epoch: history.epoch,
        history: { loss: logs.loss, accuracy, val_loss: logs.val_loss, val_accuracy: valAccuracy },
      };
      const svg = renderTrainingCurves(history);
      expect(svg).toBe(renderTrainingCurves(ours));
      expect(renderTrainingCurves(keras)).toBe(svg);
      const tree = expectStandaloneSvg(svg);
      expect(byClass(tree, 'path', 'train')).toHaveLength(2);
      expect(byClass(tree, 'path', 'validation')).toHaveLength(2);
    }
  });

  it('accepts Keras metric names in options.metrics, each val_* name selecting its panel', async () => {
    const history = await fitHistory('acc');
    const lossOnly = renderTrainingCurves(history, { metrics: ['loss'] });
    expect(renderTrainingCurves(history, { metrics: ['val_loss'] })).toBe(lossOnly);
    expect(renderTrainingCurves(history, { metrics: ['loss', 'val_loss'] })).toBe(lossOnly);
    const both = renderTrainingCurves(history);
    expect(renderTrainingCurves(history, { metrics: ['acc', 'loss'] })).toBe(both);
    expect(renderTrainingCurves(history, { metrics: ['val_acc', 'val_loss'] })).toBe(both);
    expect(renderTrainingCurves(history, { metrics: ['val_accuracy', 'loss'] })).toBe(both);
    expect(() => renderTrainingCurves(history, { metrics: ['val_f1' as 'loss'] })).toThrow(/options.metrics\[0\] to be one of/);
  });

  it('draws the learning rate a callback logged as lr (or learning_rate)', () => {
    const logs = { loss: [0.9, 0.5, 0.4], acc: [0.6, 0.8, 0.85] };
    for (const key of ['lr', 'learning_rate']) {
      const tree = expectStandaloneSvg(renderTrainingCurves({ epoch: [0, 1, 2], history: { ...logs, [key]: [1e-3, 5e-4, 1e-4] } }, { showLearningRate: true }));
      expect(byClass(tree, 'path', 'train')).toHaveLength(3);
    }
    expect(() => renderTrainingCurves({ epoch: [0, 1, 2], history: logs }, { showLearningRate: true })).toThrow(/history\.history\.lr or history\.history\.learning_rate/);
  });

  it('draws a History without validation, and says what is missing', () => {
    const history = { epoch: [0, 1], history: { loss: [0.9, 0.5], acc: [0.6, 0.8] } };
    const tree = expectStandaloneSvg(renderTrainingCurves(history));
    expect(byClass(tree, 'path', 'validation')).toHaveLength(0);
    expect(() => renderTrainingCurves({ epoch: [0, 1], history: { loss: [0.9, 0.5] } })).toThrow(
      /history\.history\.acc or history\.history\.accuracy .*metrics: \['accuracy'\]/,
    );
    expect(() => renderTrainingCurves({ epoch: [0, 1], history: { loss: [0.9], acc: [1, 1] } })).toThrow(/2 values/);
    expect(() => renderTrainingCurves({ epoch: [0, 1], history: { loss: [0.9, Number.NaN], acc: [1, 1] } })).toThrow(
      /history\.history\.loss\[1\] to be a finite number, got NaN/,
    );
    expect(() => renderTrainingCurves({ epoch: [], history: {} })).toThrow(RangeError);
    expect(() => renderTrainingCurves(null as never)).toThrow(TypeError);
  });
});
