import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { enableWasmTraining } from '@digitkit/wasm-training';
import type { DigitDataset } from '@digitkit/core';
import { CORRUPTIONS } from '@digitkit/preprocess-augment';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel } from '../__fixtures__/test-data.js';
import { evaluateModel } from '../evaluation/evaluate-model.js';
import { trainClassifier } from '../training/train-classifier.js';
import { evaluateRobustness } from './evaluate-robustness.js';

let train: DigitDataset;
let test: DigitDataset;

beforeAll(async () => {
  train = await mnistSlice(0, 1000);
  test = await mnistSlice(0, 200, 'test');
});

describeBackends('evaluateRobustness', (backend) => {
  let model: tfl.LayersModel;

  beforeAll(async () => {
    if (backend === 'wasm') enableWasmTraining();
    model = smallModel(backend, 1);
    await trainClassifier(model, train, { epochs: 2, batchSize: 32, seed: 1 });
  });

  it('under the identity (severity 0) every corruption gives the clean accuracy, which is evaluateModel\'s accuracy', async () => {
    const result = await expectNoTensorLeak(() => evaluateRobustness(model, test, { severities: [0], seed: 3 }));
    const reference = await evaluateModel(model, test);
    expect(reference.accuracy).toBeGreaterThan(0.6); // the model did learn something
    expect(result.cleanAccuracy).toBe(reference.accuracy);
    expect(result.corruptions.map((c) => c.corruption)).toEqual([...CORRUPTIONS]);
    for (const c of result.corruptions) expect(c.severities).toEqual([{ severity: 0, accuracy: reference.accuracy }]);
    expect(result.meanCorruptionAccuracy).toBeCloseTo(reference.accuracy, 12);
    expect(result.relativeAccuracy).toBeCloseTo(1, 12);
  });

  it('is deterministic per seed; the summary figures follow from the cells; full inversion hurts', async () => {
    const options = { corruptions: ['gaussian-noise', 'rotate', 'invert'] as const, severities: [1, 5], seed: 7, batchSize: 64 };
    const progress: string[] = [];
    const a = await expectNoTensorLeak(() =>
      evaluateRobustness(model, test, { ...options, onProgress: (p) => void progress.push(`${p.corruption}/${p.severity} ${p.done}/${p.total}`) }),
    );
    const b = await evaluateRobustness(model, test, options);
    expect(b).toEqual(a);
    expect(progress).toEqual(['gaussian-noise/1 1/6', 'gaussian-noise/5 2/6', 'rotate/1 3/6', 'rotate/5 4/6', 'invert/1 5/6', 'invert/5 6/6']);
    const cells = a.corruptions.flatMap((c) => c.severities.map((s) => s.accuracy));
    expect(a.meanCorruptionAccuracy).toBeCloseTo(cells.reduce((s, v) => s + v, 0) / cells.length, 12);
    for (const c of a.corruptions) {
      expect(c.meanAccuracy).toBeCloseTo((c.severities[0].accuracy + c.severities[1].accuracy) / 2, 12);
      for (const s of c.severities) expect(Math.round(s.accuracy * test.count) / test.count).toBeCloseTo(s.accuracy, 12);
    }
    expect(a.worst.map((w) => w.meanAccuracy)).toEqual([...a.worst.map((w) => w.meanAccuracy)].sort((x, y) => x - y));
    const invert = a.corruptions.find((c) => c.corruption === 'invert')!;
    expect(invert.severities[1].accuracy).toBeLessThan(a.cleanAccuracy - 0.3);
  });

  it('rejects bad options before any work', async () => {
    await expect(evaluateRobustness(model, test, { severity: [1] } as never)).rejects.toThrow(/unknown option options\.severity \(did you mean severities\?\)/);
    await expect(evaluateRobustness(model, test, { severities: [6] })).rejects.toThrow(RangeError);
    await expect(evaluateRobustness(model, test, { corruptions: ['fog' as never] })).rejects.toThrow(/options\.corruptions\[0\]/);
    await expect(evaluateRobustness(model, test, { batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
