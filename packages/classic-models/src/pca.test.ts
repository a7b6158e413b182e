import type { DigitDataset } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { beforeAll, expect, it } from 'vitest';
import fixtures from './__fixtures__/sklearn.json' with { type: 'json' };
import { classicModelFromJson } from './classic-model-from-json.js';
import { fitPca, type PcaModel } from './pca.js';
import { mnistSubset } from './test-support/mnist.js';

let train: DigitDataset;
let test: DigitDataset;
beforeAll(async () => {
  ({ train, test } = await mnistSubset(fixtures.pca.train, fixtures.pca.test));
});

describeBackends('fitPca', () => {
  it("axes, explained variance (ratio) and whitened projections equal scikit-learn's PCA(svd_solver='full', whiten=True)", async () => {
    const truth = fixtures.pca;
    const model = await expectNoTensorLeak(() => fitPca(train, { components: truth.components, whiten: true }));
    model.explainedVariance.forEach((v, i) => expect(Math.abs(v / truth.explainedVariance[i] - 1)).toBeLessThan(1e-4));
    model.explainedVarianceRatio.forEach((v, i) => expect(Math.abs(v / truth.explainedVarianceRatio[i] - 1)).toBeLessThan(1e-4));
    // Axes are unit vectors: compare entries absolutely (float32 covariance blocks); the signs follow svd_flip.
    model.axes.forEach((v, i) => expect(Math.abs(v - truth.axes[i])).toBeLessThan(2e-4));
    const projected = await expectNoTensorLeak(async () => {
      const tensor = model.transform(test);
      const values = await tensor.data();
      tensor.dispose();
      return values;
    });
    expect(projected.length).toBe(truth.test * truth.components);
    projected.forEach((v, i) => expect(Math.abs(v - truth.whitened[i])).toBeLessThan(2e-3));
  });

  it('is an exact rotation: projections onto all axes keep squared distances to the mean (Pythagoras)', async () => {
    const small = { ...train, count: 60, images: train.images.subarray(0, 60 * 784), labels: train.labels.subarray(0, 60) };
    const model: PcaModel = await fitPca(small, { components: 59 });
    // 60 points span at most 59 directions around their mean, so 59 axes hold all of the variance.
    const ratio = model.explainedVarianceRatio.reduce((s, v) => s + v, 0);
    expect(ratio).toBeCloseTo(1, 4);
    const tensor = model.transform(small);
    const projected = await tensor.data();
    tensor.dispose();
    for (let i = 0; i < 60; i++) {
      let pixels = 0;
      let coordinates = 0;
      for (let j = 0; j < 784; j++) pixels += (small.images[i * 784 + j] / 255 - model.mean[j]) ** 2;
      for (let c = 0; c < 59; c++) coordinates += projected[i * 59 + c] ** 2;
      expect(Math.abs(coordinates - pixels)).toBeLessThan(1e-3 * Math.max(1, pixels));
    }
    const restored = classicModelFromJson(model.toJSON()) as PcaModel;
    expect(Array.from(restored.axes)).toEqual(Array.from(model.axes));
  });
});
