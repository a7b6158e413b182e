import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { enableWasmTraining } from '@digitkit/wasm-training';
import type { DigitDataset } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistSlice, smallModel } from '../__fixtures__/test-data.js';
import { evaluateModel } from '../evaluation/evaluate-model.js';
import { trainClassifier } from '../training/train-classifier.js';
import { convolutionalBaseEnd } from './convolutional-base.js';
import { fineTune } from './fine-tune.js';
import { freezeLayers } from './freeze-layers.js';
import { replaceHead } from './replace-head.js';
import { samplePerClass } from './sample-per-class.js';
import { selectClasses } from './select-classes.js';

let train: DigitDataset;
let low: DigitDataset; // digits 0-4 as classes 0-4
let high: DigitDataset; // digits 5-9 as classes 0-4

beforeAll(async () => {
  train = await mnistSlice(0, 1200);
  low = selectClasses(train, [0, 1, 2, 3, 4]);
  high = selectClasses(train, [5, 6, 7, 8, 9]);
});

/** Every weight of the given layers, by layer name, as plain arrays. */
function layerValues(model: tfl.LayersModel, layers: tfl.layers.Layer[]): Map<string, Float32Array[]> {
  return new Map(layers.map((layer) => [layer.name, layer.getWeights().map((w) => Float32Array.from(w.dataSync()))]));
}

describe('selectClasses and samplePerClass (pure)', () => {
  it('selectClasses keeps exactly the chosen digits, relabelled in the order given', () => {
    let highCount = 0;
    for (let i = 0; i < train.count; i++) if (train.labels[i] >= 5) highCount++;
    expect(high.count).toBe(highCount);
    expect(high.numClasses).toBe(5);
    const reversed = selectClasses(train, [9, 3]);
    let j = 0;
    for (let i = 0; i < train.count; i++) {
      if (train.labels[i] !== 9 && train.labels[i] !== 3) continue;
      expect(reversed.labels[j]).toBe(train.labels[i] === 9 ? 0 : 1);
      expect(Buffer.from(reversed.images.subarray(j * 784, (j + 1) * 784)).equals(Buffer.from(train.images.subarray(i * 784, (i + 1) * 784)))).toBe(true);
      j++;
    }
    expect(() => selectClasses(train, [1, 1])).toThrow(RangeError);
    expect(() => selectClasses(train, [10])).toThrow(RangeError);
  });

  it('samplePerClass draws exactly N distinct examples of every class, deterministically per seed', () => {
    const sample = samplePerClass(train, 7, 3);
    expect(sample.count).toBe(70);
    for (let c = 0; c < 10; c++) expect(sample.labels.filter((l) => l === c).length).toBe(7);
    expect(samplePerClass(train, 7, 3).images).toEqual(sample.images);
    expect(samplePerClass(train, 7, 4).images).not.toEqual(sample.images);
    expect(() => samplePerClass(train, 1000, 1)).toThrow(/at least 1000 examples/);
  });
});

describeBackends('transfer learning', (backend) => {
  let base: tfl.LayersModel;

  beforeAll(async () => {
    if (backend === 'wasm') enableWasmTraining();
    base = smallModel(backend, 5);
    // The fixture models have 10 outputs; a 5-class head first, then train it on digits 0-4.
    base = replaceHead(base, { numClasses: 5, seed: 1 });
    await trainClassifier(base, low, { epochs: 1, batchSize: 32, seed: 2 });
  });

  it('freezeLayers freezes up to an index or a name, or exactly the named layers, and unfreezes the rest', () => {
    const names = base.layers.map((l) => l.name);
    expect(freezeLayers(base, { upTo: 1 })).toEqual(names.slice(0, 2));
    expect(base.layers.map((l) => l.trainable)).toEqual(names.map((_, i) => i > 1));
    expect(freezeLayers(base, { upTo: names[2] })).toEqual(names.slice(0, 3));
    expect(freezeLayers(base, { names: [names.at(-1)!] })).toEqual([names.at(-1)]);
    expect(base.trainableWeights.length).toBe(base.weights.length - base.layers.at(-1)!.weights.length);
    expect(freezeLayers(base, { names: [] })).toEqual([]);
    expect(base.trainableWeights.length).toBe(base.weights.filter((w) => w.trainable).length);
    expect(() => freezeLayers(base, { names: ['nope'] })).toThrow(/expected options\.names\[0\] to be the name of a layer/);
    expect(() => freezeLayers(base, { upTo: 1, names: [] })).toThrow(/exactly one of/);
    expect(() => freezeLayers(base, { upto: 1 } as never)).toThrow(/unknown option options\.upto \(did you mean upTo\?\)/);
  });

  it('replaceHead shares the base layers and puts a new softmax head of numClasses', () => {
    const model = replaceHead(base, { numClasses: 3, seed: 4 });
    expect(model.outputs[0].shape).toEqual([null, 3]);
    const baseLayers = base.layers.slice(0, -1).filter((l) => l.weights.length > 0);
    for (const layer of baseLayers) expect(model.layers).toContain(layer);
    expect(model.layers.at(-1)).not.toBe(base.layers.at(-1));
    const probabilities = tf.tidy(() => tf.sum(model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor, -1).dataSync());
    for (const p of probabilities) expect(p).toBeCloseTo(1, 5);
    expect(() => replaceHead(base, { numClasses: 1 })).toThrow(RangeError);
  });

  it("fineTune 'head' changes only the head; frozen weights stay bit-identical; no tensor leak", async () => {
    const model = replaceHead(base, { numClasses: 5, seed: 6 });
    const frozenLayers = model.layers.slice(0, -1).filter((l) => l.weights.length > 0);
    const headLayer = model.layers.at(-1)!;
    const before = layerValues(model, frozenLayers);
    const headBefore = layerValues(model, [headLayer]);
    const history = await expectNoTensorLeak(() => fineTune(model, samplePerClass(high, 10, 1), { trainable: 'head', epochs: 3, batchSize: 10, seed: 1 }));
    expect(history.epochs).toHaveLength(3);
    expect(layerValues(model, frozenLayers)).toEqual(before);
    const headAfter = layerValues(model, [headLayer]).get(headLayer.name)!;
    const moved = headAfter.some((w, i) => w.some((v, j) => v !== headBefore.get(headLayer.name)![i][j]));
    expect(moved).toBe(true);
    expect(model.layers.slice(0, -1).every((l) => !l.trainable)).toBe(true);
  });

  it("fineTune 'all' changes every layer with weights", async () => {
    const model = replaceHead(base, { numClasses: 5, seed: 7 });
    const layers = model.layers.filter((l) => l.weights.length > 0);
    const before = layerValues(model, layers);
    await fineTune(model, samplePerClass(high, 10, 2), { trainable: 'all', epochs: 2, batchSize: 10, seed: 1 });
    const after = layerValues(model, layers);
    for (const layer of layers) {
      const changed = after.get(layer.name)!.some((w, i) => w.some((v, j) => v !== before.get(layer.name)![i][j]));
      expect(changed, layer.name).toBe(true);
    }
    expect(model.layers.every((l) => l.trainable)).toBe(true);
  });

  it("fineTune 'top' freezes the convolutional base (up to the Flatten) and trains every layer after it", async () => {
    const model = replaceHead(base, { numClasses: 5, seed: 9 });
    const end = convolutionalBaseEnd(model);
    expect(model.layers[end].getClassName()).toBe('Flatten');
    const baseLayers = model.layers.slice(0, end + 1).filter((l) => l.weights.length > 0);
    const topLayers = model.layers.slice(end + 1).filter((l) => l.weights.length > 0);
    if (backend === 'wasm') expect(baseLayers.length).toBeGreaterThan(0); // LeNet-5's convolutions
    const before = layerValues(model, [...baseLayers, ...topLayers]);
    await fineTune(model, samplePerClass(high, 10, 4), { trainable: 'top', epochs: 2, batchSize: 10, seed: 1 });
    const after = layerValues(model, [...baseLayers, ...topLayers]);
    for (const layer of baseLayers) expect(after.get(layer.name), layer.name).toEqual(before.get(layer.name));
    for (const layer of topLayers) {
      const changed = after.get(layer.name)!.some((w, i) => w.some((v, j) => v !== before.get(layer.name)![i][j]));
      expect(changed, layer.name).toBe(true);
    }
  });

  it('a head fine-tuned on 5-9 from a 0-4 base learns the new digits', async () => {
    const model = replaceHead(base, { numClasses: 5, seed: 8 });
    const few = samplePerClass(high, 50, 3);
    await fineTune(model, few, { trainable: 'head', epochs: 10, batchSize: 25, seed: 2, learningRate: 3e-3 });
    const rest = selectClasses(await mnistSlice(0, 500, 'test'), [5, 6, 7, 8, 9]);
    const { accuracy } = await evaluateModel(model, rest);
    expect(accuracy).toBeGreaterThan(0.5); // chance is 0.2
  });

  it('rejects unknown fineTune options', async () => {
    await expect(fineTune(base, high, { trainabel: 'head' } as never)).rejects.toThrow(/unknown option options\.trainabel/);
    await expect(fineTune(base, high, { trainable: 'base' as never })).rejects.toThrow(TypeError);
  });
});
