import { AbortedError, MismatchError, type DigitDataset } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak, useBackend } from '@digitkit/test-utils';
import { enableWasmTraining } from '@digitkit/wasm-training';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDifference, mnistSlice, smallModel, weightValues } from '../__fixtures__/test-data.js';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { samplePerClass } from '../transfer/sample-per-class.js';
import { corruptRandomly } from './corrupt-randomly.js';
import { splitFewLabels } from './split-few-labels.js';
import { createMemorySemiSupervisedStore } from './semi-supervised-checkpoint.js';
import { trainSemiSupervised } from './train-semi-supervised.js';
import { toUnlabelledImages, type UnlabelledImages } from './unlabelled-images.js';

let train: DigitDataset;
let labelled: DigitDataset;
let validation: DigitDataset;
let unlabelled: UnlabelledImages;

beforeAll(async () => {
  train = await mnistSlice(0, 600);
  labelled = samplePerClass(train, 3, 1);
  validation = await mnistSlice(600, 100);
  unlabelled = toUnlabelledImages(await mnistSlice(700, 300));
});

/** Accuracy on `data` computed here from the model's probabilities (independent of the trainer's evaluation). */
async function accuracyOf(model: Parameters<typeof predictProbabilities>[0], data: DigitDataset): Promise<number> {
  const p = await predictProbabilities(model, data);
  let correct = 0;
  for (let i = 0; i < data.count; i++) {
    const row = Array.from(p.subarray(i * data.numClasses, (i + 1) * data.numClasses));
    if (row.indexOf(Math.max(...row)) === data.labels[i]) correct++;
  }
  return correct / data.count;
}

describe('unlabelled images, strong corruptions and option checks', () => {
  beforeAll(() => useBackend('cpu'));

  it('toUnlabelledImages keeps the pixels and drops the labels; trainSemiSupervised refuses an object with labels', async () => {
    const images = toUnlabelledImages(labelled);
    expect(Object.keys(images).sort()).toEqual(['cols', 'count', 'images', 'rows']);
    expect(images.images).toEqual(labelled.images);
    expect(images.images).not.toBe(labelled.images);
    await expect(trainSemiSupervised(smallModel('cpu', 1), labelled, labelled as unknown as UnlabelledImages, { validationData: validation }))
      .rejects.toThrow(/images without labels/);
  });

  it('splitFewLabels draws N + V images of every class and leaves every other image, without labels, in order', () => {
    const split = splitFewLabels(train, { labelsPerClass: 4, validationPerClass: 2, seed: 5 });
    expect(split.labelled.count).toBe(40);
    expect(split.validation.count).toBe(20);
    expect(split.unlabelled.count).toBe(train.count - 60);
    expect('labels' in split.unlabelled).toBe(false);
    for (let c = 0; c < 10; c++) {
      expect(split.labelled.labels.filter((l) => l === c).length).toBe(4);
      expect(split.validation.labels.filter((l) => l === c).length).toBe(2);
    }
    // Every training image lands in exactly one part: match images by their bytes.
    const key = (images: Uint8Array, i: number) => Buffer.from(images.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const all = Array.from({ length: train.count }, (_, i) => key(train.images, i));
    const parts = [
      ...Array.from({ length: 40 }, (_, i) => key(split.labelled.images, i)),
      ...Array.from({ length: 20 }, (_, i) => key(split.validation.images, i)),
      ...Array.from({ length: split.unlabelled.count }, (_, i) => key(split.unlabelled.images, i)),
    ];
    expect([...parts].sort()).toEqual([...all].sort());
    const restKeys = parts.slice(60);
    expect(restKeys).toEqual(all.filter((k) => !parts.slice(0, 60).includes(k)));
    expect(splitFewLabels(train, { labelsPerClass: 4, validationPerClass: 2, seed: 5 }).labelled.images).toEqual(split.labelled.images);
    expect(() => splitFewLabels(train, { labelsPerClass: 100 })).toThrow(/at least 110 images/);
  });

  it('corruptRandomly with invert at severity 5 gives 255 − x for every pixel; no corruption gives a copy', () => {
    const shape = { count: 5, rows: 28, cols: 28 };
    const inverted = corruptRandomly(labelled.images, shape, { corruptions: ['invert'], severity: [5, 5], seed: 3 });
    for (let i = 0; i < 5 * 784; i++) expect(inverted[i]).toBe(255 - labelled.images[i]);
    const copy = corruptRandomly(labelled.images, shape, { corruptions: [], severity: [1, 3], seed: 3 });
    expect(copy).toEqual(labelled.images.subarray(0, 5 * 784));
    const a = corruptRandomly(labelled.images, shape, { corruptions: ['block-occlusion', 'gaussian-noise'], severity: [1, 3], seed: 9 });
    const b = corruptRandomly(labelled.images, shape, { corruptions: ['block-occlusion', 'gaussian-noise'], severity: [1, 3], seed: 9 });
    expect(a).toEqual(b);
  });

  it('checks its options before any work', async () => {
    const model = smallModel('cpu', 1);
    await expect(trainSemiSupervised(model, labelled, unlabelled, {} as never)).rejects.toThrow(/validationData/);
    await expect(trainSemiSupervised(model, labelled, unlabelled, { validationData: validation, threshhold: 0.9 } as never))
      .rejects.toThrow(/unknown option options\.threshhold \(did you mean threshold\?\)/);
    await expect(trainSemiSupervised(model, labelled, unlabelled, { validationData: validation, threshold: 1.5 })).rejects.toThrow(RangeError);
    await expect(trainSemiSupervised(model, labelled, unlabelled, { validationData: validation, strongCorruptions: ['fog' as never] }))
      .rejects.toThrow(/corruption names/);
    await expect(trainSemiSupervised(model, labelled, unlabelled, { validationData: validation, weakAugment: { rotationDegrees: Number.NaN } }))
      .rejects.toThrow(/rotationDegrees/);
  });
});

describeBackends('trainSemiSupervised', (backend) => {
  beforeAll(() => {
    if (backend === 'wasm') enableWasmTraining();
  });
  const steps = backend === 'wasm' ? 30 : 12;
  let base: { validationData: DigitDataset; steps: number; batchSize: number; unlabelledRatio: number; evaluateEvery: number; seed: number };
  beforeAll(() => {
    base = { validationData: validation, steps, batchSize: 8, unlabelledRatio: 2, evaluateEvery: 5, seed: 4 };
  });

  it('is deterministic per seed, evaluates every evaluateEvery steps, returns the best evaluation and leaks no tensors', async () => {
    const run = async () => {
      const model = smallModel(backend, 2);
      const history = await expectNoTensorLeak(() =>
        trainSemiSupervised(model, labelled, unlabelled, { ...base, threshold: 0.5, validationData: validation }),
      );
      return { model, history };
    };
    const a = await run();
    const b = await run();
    expect(maxAbsDifference(await weightValues(a.model), await weightValues(b.model))).toBe(0);
    expect(a.history.mode).toBe('fixmatch');
    expect(a.history.evaluations.map((e) => e.step)).toEqual(
      Array.from({ length: Math.ceil(steps / 5) }, (_, i) => Math.min((i + 1) * 5, steps)),
    );
    const best = a.history.evaluations.find((e) => e.step === a.history.bestStep)!;
    expect(best.valAccuracy).toBe(Math.max(...a.history.evaluations.map((e) => e.valAccuracy)));
    // The model holds the selected weights: its accuracy, recomputed here, is the best evaluation's.
    expect(await accuracyOf(a.model, validation)).toBeCloseTo(best.valAccuracy, 10);
    a.model.dispose();
    b.model.dispose();
  });

  it('with no pseudo-label above the threshold it trains exactly like the supervised baseline', async () => {
    // A fresh softmax never reaches probability 1, so threshold 1 masks every unlabelled image: the unlabelled
    // term and its gradient are zero and the labelled batches, augmentation and schedule are the baseline's.
    const semi = smallModel(backend, 3);
    const history = await trainSemiSupervised(semi, labelled, unlabelled, { ...base, steps: 6, threshold: 1, emaDecay: 0 });
    expect(history.evaluations.every((e) => e.maskRate === 0 && e.unlabelledLoss === 0)).toBe(true);
    const baseline = smallModel(backend, 3);
    const supervised = await trainSemiSupervised(baseline, labelled, null, { ...base, steps: 6, emaDecay: 0 });
    expect(supervised.mode).toBe('supervised');
    expect(maxAbsDifference(await weightValues(semi), await weightValues(baseline))).toBeLessThan(1e-5);
    semi.dispose();
    baseline.dispose();
  });

  it('resumes from its checkpoint after an abort and ends with the uninterrupted run’s weights', async () => {
    // Two self-training rounds (steps 3 and 7): the first one's set must come back from the checkpoint.
    const options = { ...base, steps: 10, threshold: 0.5, selfTrainingRounds: 2, selfTrainingFraction: 0.2 };
    const whole = smallModel(backend, 5);
    await trainSemiSupervised(whole, labelled, unlabelled, options);

    const store = createMemorySemiSupervisedStore();
    const controller = new AbortController();
    const first = smallModel(backend, 5);
    const stopped = trainSemiSupervised(first, labelled, unlabelled, {
      ...options, checkpoint: store, signal: controller.signal, onEvaluation: (log) => void (log.step === 5 && controller.abort()),
    });
    await expect(stopped).rejects.toThrow(AbortedError);
    await expect(stopped).rejects.toThrow(/stopped after 5 steps \(the checkpoint of step 5 is kept\)/);
    const resumed = smallModel(backend, 99); // other initial weights: everything must come from the checkpoint
    const history = await expectNoTensorLeak(() => trainSemiSupervised(resumed, labelled, unlabelled, { ...options, checkpoint: store }));
    expect(history.evaluations.map((e) => e.step)).toEqual([5, 10]);
    expect(history.rounds.map((r) => r.step)).toEqual([3, 7]);
    // Round r keeps at most r/R · fraction · count / classes images of each predicted class.
    history.rounds.forEach((r, i) => r.perClass.forEach((n) => expect(n).toBeLessThanOrEqual(Math.floor(((i + 1) / 2) * 0.2 * 30))));
    expect(history.rounds[1].perClass.reduce((a, n) => a + n, 0)).toBeGreaterThan(0);
    expect(maxAbsDifference(await weightValues(resumed), await weightValues(whole))).toBeLessThan(1e-6);
    // A checkpoint of another run is refused.
    await expect(trainSemiSupervised(smallModel(backend, 5), labelled, null, { ...options, checkpoint: store })).rejects.toThrow(MismatchError);
    [whole, first, resumed].forEach((m) => m.dispose());
  });

  it('an aborted signal stops before the first step', async () => {
    const controller = new AbortController();
    controller.abort();
    const model = smallModel(backend, 6);
    const before = await weightValues(model);
    await expect(
      expectNoTensorLeak(() => trainSemiSupervised(model, labelled, unlabelled, { ...base, signal: controller.signal }).catch((e) => e)),
    ).resolves.toBeInstanceOf(AbortedError);
    expect(maxAbsDifference(await weightValues(model), before)).toBe(0);
    model.dispose();
  });
});
