import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import { enableWasmTraining } from '@digitkit/wasm-training';
import type { DigitDataset } from '@digitkit/mnist-data';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mnistSlice, smallModel } from '../__fixtures__/test-data.js';
import { evaluateModel } from '../evaluation/evaluate-model.js';
import { predictProbabilities } from '../evaluation/predict-probabilities.js';
import { createPaperCnn } from '../models/paper-cnn.js';
import { trainClassifier } from '../training/train-classifier.js';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';

let train: DigitDataset;
let validation: DigitDataset;
let test: DigitDataset;
let root: string;

beforeAll(async () => {
  train = await mnistSlice(0, 2000);
  validation = await mnistSlice(2000, 500);
  test = await mnistSlice(0, 1000, 'test');
  root = await mkdtemp(join(tmpdir(), 'cnn-models-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Loads a saved folder the way a browser does: tfjs's own HTTP loader, with fetch answered from the files. */
async function loadThroughTfjsHttp(dir: string): Promise<tfl.LayersModel> {
  const fetchFunc = async (url: string | URL | Request): Promise<Response> => {
    const name = String(url).replace('http://models.test/', '');
    const bytes = await readFile(join(dir, name));
    return new Response(bytes, { status: 200, headers: { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  };
  return tfl.loadLayersModel(tf.io.http('http://models.test/model.json', { fetchFunc }));
}

const accuracyOf = (probabilities: Float32Array, labels: Uint8Array): number => {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (probabilities[i * 10 + c] > probabilities[i * 10 + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
};

describeBackends('a trained model', (backend) => {
  let model: tfl.LayersModel;

  beforeAll(async () => {
    if (backend === 'wasm') enableWasmTraining();
    // wasm: the first paper's CNN on 2,000 images. cpu: the cpu backend's convolution gradients run at a few
    // images per second on this machine, so a dense network stands in for the persistence checks.
    model = backend === 'wasm' ? createPaperCnn({ seed: 42 }) : smallModel('cpu', 42);
    await trainClassifier(model, train, { epochs: backend === 'wasm' ? 3 : 2, batchSize: 32, seed: 42, validationData: validation });
  }, 300_000);

  afterAll(() => model.dispose());

  it.runIf(backend === 'wasm')('the paper CNN trained on 2,000 images scores > 90% on 1,000 held-out test images', async () => {
    const evaluation = await evaluateModel(model, test);
    expect(evaluation.accuracy).toBeGreaterThan(0.9);
  });

  it('evaluateModel gives the metrics evaluation plus per-example predictions, leaking nothing', async () => {
    const evaluation = await expectNoTensorLeak(() => evaluateModel(model, test));
    const { predictions } = evaluation;
    expect(predictions.probabilities).toHaveLength(10_000);
    let correct = 0;
    for (let i = 0; i < 1000; i++) {
      if (predictions.predicted[i] === test.labels[i]) correct++;
      expect(predictions.confidence[i]).toBe(Math.max(...predictions.probabilities.subarray(i * 10, i * 10 + 10)));
    }
    expect(evaluation.accuracy).toBeCloseTo(correct / 1000, 12);
    expect(predictions.misclassified).toHaveLength(1000 - correct);
    expect(evaluation.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    expect(evaluation.report.perClass).toHaveLength(10);
    expect(evaluation.imagesPerSecond).toBeGreaterThan(0);
  });

  it('predictProbabilities on a tensor equals predictProbabilities on the data set, for any batch size', async () => {
    const xs = tf.tidy(() => tf.div(tf.tensor4d(test.images.subarray(0, 100 * 784), [100, 28, 28, 1], 'float32'), 255)) as tf.Tensor4D;
    const fromTensor = await expectNoTensorLeak(() => predictProbabilities(model, xs, { batchSize: 7 }));
    const fromDataset = await predictProbabilities(model, { ...test, count: 100, images: test.images.subarray(0, 78_400), labels: test.labels.subarray(0, 100) }, { batchSize: 64 });
    for (let i = 0; i < fromTensor.length; i++) expect(fromTensor[i]).toBeCloseTo(fromDataset[i], 5);
    xs.dispose();
  });

  it('save → load gives identical predictions, with model.json + weights.bin and no temp files left', async () => {
    const dir = join(root, `${backend}-float32`);
    const info = await saveModel(model, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const weightCount = model.weights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    expect(info.weightBytes).toBe(4 * weightCount);
    const loaded = await loadModel(dir);
    const fromLoaded = await predictProbabilities(loaded, test);
    const original = await predictProbabilities(model, test);
    expect(Array.from(fromLoaded)).toEqual(Array.from(original));
    const viaHttp = await loadThroughTfjsHttp(dir);
    expect(Array.from(await predictProbabilities(viaHttp, test))).toEqual(Array.from(original));
    // saving again over the same folder replaces the files atomically
    await saveModel(loaded, dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    loaded.dispose();
    viaHttp.dispose();
  });

  it('float16 and uint8 quantization: manifest format tfjs decodes, 1/2 and 1/4 the size, accuracy within 0.3%', async () => {
    const original = await predictProbabilities(model, test);
    const baseline = accuracyOf(original, test.labels);
    const float32Bytes = model.weights.reduce((s, w) => s + 4 * w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
    for (const [quantize, bytesPerWeight] of [['float16', 2], ['uint8', 1]] as const) {
      const dir = join(root, `${backend}-${quantize}`);
      const info = await saveModel(model, dir, { quantize });
      expect(info.weightBytes).toBe((float32Bytes / 4) * bytesPerWeight);
      const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).weightsManifest[0];
      for (const spec of manifest.weights) {
        expect(spec.dtype).toBe('float32');
        expect(spec.quantization.dtype).toBe(quantize);
        if (quantize === 'uint8') {
          expect(typeof spec.quantization.min).toBe('number');
          expect(spec.quantization.scale).toBeGreaterThan(0);
        }
      }
      // tfjs's browser loading path (tf.io.http → weights loader → decodeWeights) dequantizes the files
      const loaded = await loadThroughTfjsHttp(dir);
      const probabilities = await predictProbabilities(loaded, test);
      const accuracy = accuracyOf(probabilities, test.labels);
      expect(Math.abs(accuracy - baseline), `${quantize}: ${accuracy} vs float32 ${baseline}`).toBeLessThanOrEqual(0.003);
      // and every dequantized weight is within the format's error bound of the float32 weight
      const originalWeights = model.weights.map((w) => w.read().dataSync());
      let violations = 0;
      loaded.weights.forEach((w, i) => {
        const values = w.read().dataSync();
        const spec = manifest.weights[i];
        for (let j = 0; j < values.length; j++) {
          const bound = quantize === 'uint8' ? spec.quantization.scale / 2 + 1e-7 : Math.abs(originalWeights[i][j]) * 2 ** -11 + 2 ** -25;
          if (!(Math.abs(values[j] - originalWeights[i][j]) <= bound)) violations++;
        }
      });
      expect(violations, `${quantize}: weights outside the error bound`).toBe(0);
      expect(Array.from(await predictProbabilities(await loadModel(dir), test, { batchSize: 1000 }))).toEqual(Array.from(probabilities));
      loaded.dispose();
    }
  });
});
