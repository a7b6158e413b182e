import type { DigitDataset } from '@digitkit/core';
import { createRng } from '@digitkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import fixtures from '../__fixtures__/sklearn.json' with { type: 'json' };
import { mnistSubset } from '../test-support/mnist.js';
import { fitLinearSupportVectorMachine } from './linear-support-vector-machine.js';
import { linearModelFromJson } from './linear-model-from-json.js';
import { fitLogisticRegression, logisticLossAndGradient } from './logistic-regression.js';

let train: DigitDataset;
let test: DigitDataset;
beforeAll(async () => {
  ({ train, test } = await mnistSubset(500, 100));
});

const first = (dataset: DigitDataset, count: number): DigitDataset => ({
  ...dataset,
  count,
  images: dataset.images.subarray(0, count * 784),
  labels: dataset.labels.subarray(0, count),
});

describe('fitLogisticRegression', () => {
  // 3, 10 and 13 classes: a padded group, exactly one group of the unrolled kernel, a full group plus a padded one.
  it.each([3, 10, 13])('its gradient matches central finite differences (%i classes)', (k) => {
    const random = createRng(3);
    const numFeatures = 4;
    const count = 20;
    const x = Float64Array.from({ length: count * numFeatures }, () => (random() < 0.3 ? 0 : random() * 2 - 1));
    const labels = Array.from({ length: count }, () => Math.floor(random() * k));
    const params = Float64Array.from({ length: (numFeatures + 1) * k }, () => random() - 0.5);
    const { gradient } = logisticLossAndGradient(params, x, labels, numFeatures, k, 0.1);
    const h = 1e-6;
    for (let j = 0; j < params.length; j++) {
      const plus = Float64Array.from(params);
      const minus = Float64Array.from(params);
      plus[j] += h;
      minus[j] -= h;
      const numeric =
        (logisticLossAndGradient(plus, x, labels, numFeatures, k, 0.1).loss - logisticLossAndGradient(minus, x, labels, numFeatures, k, 0.1).loss) / (2 * h);
      expect(Math.abs(numeric - gradient[j])).toBeLessThan(1e-7);
    }
  });

  it('without penalty, on one-hot group features, predicts each group’s class frequencies (the MLE)', () => {
    const rows = [...[0, 0, 0, 1].map((y) => ({ f: [1, 0], y })), ...[1, 2, 2, 2, 2].map((y) => ({ f: [0, 1], y }))];
    const features = { values: Float64Array.from(rows.flatMap((r) => r.f)), count: rows.length, numFeatures: 2 };
    const model = fitLogisticRegression({ features, labels: rows.map((r) => r.y), numClasses: 3 }, { l2: 0, maxIterations: 2000, tolerance: 1e-9 });
    const p = model.predictProbabilitiesSync({ values: Float64Array.from([1, 0, 0, 1]), count: 2, numFeatures: 2 });
    [0.75, 0.25, 0, 0, 0.2, 0.8].forEach((v, i) => expect(Math.abs(p[i] - v)).toBeLessThan(2e-3));
  });

  for (const truth of fixtures.logisticRegression) {
    it(`C=${truth.C}: reaches scikit-learn's LogisticRegression(multinomial, lbfgs) objective and probabilities`, async () => {
      const model = fitLogisticRegression(first(train, truth.train), { C: truth.C, maxIterations: 5000, tolerance: 1e-8 });
      expect(model.converged).toBe(true);
      // scipy's L-BFGS-B stops on a relative-reduction rule a little before the optimum: ours is at least as low,
      // and both are within 1e-6 of each other; probabilities then agree to 1e-3.
      expect(model.loss).toBeLessThanOrEqual(truth.objective + 1e-12);
      expect(truth.objective - model.loss).toBeLessThan(1e-6);
      const probabilities = await model.predictProbabilities(first(test, truth.test));
      probabilities.forEach((p, i) => expect(Math.abs(p - truth.probabilities[i])).toBeLessThan(1e-3));
      expect(Array.from(await model.predict(first(test, truth.test)))).toEqual(truth.predictions);
      const restored = linearModelFromJson(JSON.parse(JSON.stringify(model)));
      expect(Array.from(await restored.predictProbabilities(first(test, truth.test)))).toEqual(Array.from(probabilities));
    });
  }
});

describe('fitLinearSupportVectorMachine', () => {
  it("one-vs-rest squared hinge: decision values equal scikit-learn's LinearSVC (liblinear) to 1e-3", () => {
    const truth = fixtures.linearSvc;
    const model = fitLinearSupportVectorMachine(first(train, truth.train), { C: truth.C, tolerance: 1e-7, maxIterations: 100000 });
    const decisions = model.decisionFunctionSync(first(test, truth.test));
    decisions.forEach((d, i) => expect(Math.abs(d - truth.decision[i])).toBeLessThan(1e-3));
    const probabilities = model.predictProbabilitiesSync(first(test, truth.test));
    for (let row = 0; row < truth.test; row++) {
      let sum = 0;
      for (let c = 0; c < 10; c++) sum += probabilities[row * 10 + c];
      expect(sum).toBeCloseTo(1, 5);
    }
  });

  it('one-vs-one with hinge loss separates two well-separated synthetic classes perfectly and restores from JSON', async () => {
    const random = createRng(7);
    const count = 300;
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
    const values = new Float32Array(count * 2);
    for (let i = 0; i < count; i++) {
      values[2 * i] = labels[i] * 4 + random();
      values[2 * i + 1] = (labels[i] % 2) * 3 + random();
    }
    const model = fitLinearSupportVectorMachine(
      { features: { values, count, numFeatures: 2 }, labels, numClasses: 3 },
      { strategy: 'one-vs-one', loss: 'hinge', C: 10 },
    );
    expect(model.weights.length).toBe(2 * 3);
    expect(Array.from(await model.predict({ values, count, numFeatures: 2 }))).toEqual(Array.from(labels));
    const restored = linearModelFromJson(model.toJSON());
    expect(Array.from(await restored.predictProbabilities({ values, count, numFeatures: 2 }))).toEqual(
      Array.from(await model.predictProbabilities({ values, count, numFeatures: 2 })),
    );
  });
});
