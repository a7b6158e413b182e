import type { DigitDataset } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak, useBackend } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/sklearn.json' with { type: 'json' };
import { classicModelFromJson } from './classic-model-from-json.js';
import { applyKernelFeatureMap, buildKernelFeatureMap } from './kernel-feature-map.js';
import { fitPca } from './pca.js';
import { fitSupportVectorMachine, type SupportVectorMachineModel } from './support-vector-machine.js';
import { accuracyOf, mnistSubset, scaledPixels } from './test-support/mnist.js';

/** Exact RBF kernel in float64. */
function exactKernel(a: Float64Array, i: number, j: number, f: number, gamma: number): number {
  let s = 0;
  for (let t = 0; t < f; t++) s += (a[i * f + t] - a[j * f + t]) ** 2;
  return Math.exp(-gamma * s);
}

describeBackends('kernel feature maps', () => {
  it('Nyström reproduces the kernel exactly on its landmarks and approximates it elsewhere; random Fourier features converge', async () => {
    const { train } = await mnistSubset(300, 1);
    const x = scaledPixels(train);
    const values = Float32Array.from(x);
    const gamma = 0.02;
    for (const [method, components, tolerance] of [['nystrom', 300, 2e-3], ['random-fourier', 4000, 0.06]] as const) {
      const map = await buildKernelFeatureMap(method, values, 300, 784, gamma, components, 1);
      const features = await expectNoTensorLeak(async () => {
        const mapped = tf.tidy(() => applyKernelFeatureMap(map, tf.tensor2d(values, [300, 784])));
        const data = await mapped.data();
        mapped.dispose();
        return data;
      });
      let worst = 0;
      for (let i = 0; i < 40; i++) {
        for (let j = 0; j < 40; j++) {
          let dot = 0;
          for (let c = 0; c < components; c++) dot += features[i * components + c] * features[j * components + c];
          worst = Math.max(worst, Math.abs(dot - exactKernel(x, i, j, 784, gamma)));
        }
      }
      // Nyström with every row as a landmark is the exact kernel (up to jitter and float32); RFF errors ~ 1/√D.
      expect(worst, method).toBeLessThan(tolerance);
    }
  });

  it('fits, predicts, restores and leaks nothing on a small PCA-reduced subset', async () => {
    const { train, test } = await mnistSubset(600, 100);
    const pca = await fitPca(train, { components: 30 });
    const [a, b] = [pca.transform(train), pca.transform(test)];
    const before = tf.memory().numTensors;
    for (const strategy of ['one-vs-rest', 'one-vs-one'] as const) {
      for (const method of ['nystrom', 'random-fourier'] as const) {
        const model = await fitSupportVectorMachine({ features: a, labels: train.labels, numClasses: 10 }, { strategy, approximation: { method, components: 300 } });
        const probabilities = await model.predictProbabilities(b);
        expect(probabilities.length).toBe(100 * 10);
        const accuracy = accuracyOf(await model.predict(b), test.labels);
        expect(accuracy, `${strategy} ${method}`).toBeGreaterThan(0.8);
        const restored = classicModelFromJson(JSON.parse(JSON.stringify(model.toJSON()))) as SupportVectorMachineModel;
        expect(Array.from(await restored.predictProbabilities(b))).toEqual(Array.from(probabilities));
      }
    }
    const linear = await fitSupportVectorMachine({ features: a, labels: train.labels, numClasses: 10 }, { kernel: 'linear' });
    expect(accuracyOf(await linear.predict(b), test.labels)).toBeGreaterThan(0.75);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
    b.dispose();
  });
});

describeBackends('fitSupportVectorMachine with options.pca', () => {
  it('equals the hand-built pipeline fitPca → transform → fit, restores from JSON, checks its options and leaks nothing', async () => {
    const { train, test } = await mnistSubset(600, 100);
    const before = tf.memory().numTensors;
    const options = { approximation: { method: 'nystrom' as const, components: 200 } };
    const model = await fitSupportVectorMachine(train, { ...options, pca: { components: 30 } });
    expect(model.pca?.components).toBe(30);
    expect(model.numFeatures).toBe(784);
    // The independent route: the PCA and the SVM fitted separately on the projections.
    const pca = await fitPca(train, { components: 30 });
    const [a, b] = [pca.transform(train), pca.transform(test)];
    const manual = await fitSupportVectorMachine({ features: a, labels: train.labels, numClasses: 10 }, options);
    expect(model.gamma).toBe(manual.gamma);
    expect(Array.from(await model.predictProbabilities(test))).toEqual(Array.from(await manual.predictProbabilities(b)));
    a.dispose();
    b.dispose();
    const restored = classicModelFromJson(JSON.parse(JSON.stringify(model.toJSON()))) as SupportVectorMachineModel;
    expect(restored.pca?.components).toBe(30);
    expect(Array.from(await restored.predict(test))).toEqual(Array.from(await model.predict(test)));
    expect(tf.memory().numTensors).toBe(before);
    await expect(fitSupportVectorMachine(train, { pca: { components: 785 } })).rejects.toThrow(RangeError);
    await expect(fitSupportVectorMachine(train, { pca: { component: 30 } as never })).rejects.toThrow(/options\.pca.*component/);
  });
});

describe("fitSupportVectorMachine vs scikit-learn's SVC(kernel='rbf') [wasm]", () => {
  it(`on the first ${fixtures.svcSmall.train} / ${fixtures.svcSmall.test} MNIST images, accuracy within 0.3 points of SVC's (${fixtures.svcSmall.accuracy})`, async () => {
    await useBackend('wasm');
    const truth = fixtures.svcSmall;
    const { train, test } = await mnistSubset(truth.train, truth.test);
    // Nyström with every training row as a landmark is the exact RBF kernel; one-vs-one with the hinge loss is SVC's
    // formulation (ours penalizes the bias, SVC does not).
    const model = await fitSupportVectorMachine(train as DigitDataset, {
      C: truth.C,
      strategy: 'one-vs-one',
      loss: 'hinge',
      approximation: { method: 'nystrom', components: truth.train },
    });
    expect(model.gamma).toBeCloseTo(truth.gammaValue, 6);
    const accuracy = accuracyOf(await model.predict(test), test.labels);
    expect(Math.abs(accuracy - truth.accuracy)).toBeLessThanOrEqual(0.003 + 1e-12);
  }, 900_000);
});
