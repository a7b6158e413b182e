/**
 * The shipped weights: the embedded module is byte-for-byte the shipped tfjs files, the files are within the size
 * target, and the shipped (quantized) model scores on the full 10,000-image MNIST test set at least what info.json and
 * the README claim. The independent truth is the MNIST test labels.
 */
import { sha256 } from '@digitkit/core/node';
import { loadModel } from '@digitkit/cnn-models/node';
import { predictProbabilities } from '@digitkit/cnn-models';
import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { loadMnist } from '@digitkit/mnist-data/node';
import { describeBackends, useBackend } from '@digitkit/test-utils';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes } from './base64-to-bytes.js';
import { loadDigitRecognizer, type DigitInput, type DigitRecognizer } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'weights', 'single');
const embedded = createRequire(import.meta.url)('../weights/single/embedded.cjs') as typeof import('../weights/single/embedded.cjs');

describe('the shipped files', () => {
  it('embedded.cjs holds exactly weights/single/{model.json, weights.bin, info.json}', async () => {
    const weights = new Uint8Array(await readFile(join(folder, 'weights.bin')));
    expect(base64ToBytes(embedded.WEIGHTS_BASE64)).toEqual(weights);
    expect(Buffer.from(weights).toString('base64')).toBe(embedded.WEIGHTS_BASE64);
    expect(JSON.parse(embedded.MODEL_JSON)).toEqual(JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')));
    expect(embedded.INFO).toEqual(JSON.parse(await readFile(join(folder, 'info.json'), 'utf8')));
    expect(embedded.INFO.weightsSha256).toBe(sha256(weights));
    expect(JSON.parse(embedded.MODEL_JSON).weightsSha256).toEqual({ 'weights.bin': sha256(weights) });
  });

  it('keeps the single model (model.json + weights.bin) within 400 KB on disk', async () => {
    const bytes = (await stat(join(folder, 'weights.bin'))).size + (await stat(join(folder, 'model.json'))).size;
    expect(bytes).toBeLessThanOrEqual(400 * 1024);
    expect(embedded.INFO.weightBytes).toBe((await stat(join(folder, 'weights.bin'))).size);
  });

  it('decodes base64 like Node does, for every padding length', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 256, 257]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) & 255);
      expect(base64ToBytes(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    }
  });
});

describe('the shipped model on the full MNIST test set [wasm]', () => {
  let recognizer: DigitRecognizer<DigitInput>;
  let test: DigitDataset;
  beforeAll(async () => {
    await useBackend('wasm');
    recognizer = await loadDigitRecognizer();
    test = (await loadMnist({ limit: { train: 1 } })).test;
  });
  afterAll(() => recognizer.dispose());

  it('scores at least the accuracy info.json and the README claim, on the shipped quantized file', async () => {
    expect(test.count).toBe(10_000);
    const { digits } = await recognizer.recognizeMnist(test);
    let correct = 0;
    for (let i = 0; i < test.count; i++) if (digits[i] === test.labels[i]) correct++;
    console.log(`shipped single model: ${correct}/${test.count} = ${(correct / 100).toFixed(2)} % on the MNIST test set`);
    expect(correct / test.count).toBeGreaterThanOrEqual(recognizer.info.testAccuracy - 1e-9);
    const claimed = (100 * recognizer.info.testAccuracy).toFixed(2);
    expect(await readFile(join(root, 'README.md'), 'utf8')).toContain(`**${claimed} %**`);
  }, 900_000); // 10,000 images through the strong CNN: minutes on a loaded two-core machine

  it('is the same model as the tfjs files in weights/single loaded with cnn-models loadModel', async () => {
    const subset: DigitDataset = { ...test, count: 200, images: test.images.subarray(0, 200 * 784), labels: test.labels.subarray(0, 200) };
    const model = await loadModel(folder);
    const fromFiles = argmaxRows(await predictProbabilities(model, subset), 10);
    model.dispose();
    expect(Array.from((await recognizer.recognizeMnist(subset)).digits)).toEqual(Array.from(fromFiles));
  });
});

describeBackends(
  'the shipped model agrees across backends',
  () => {
    it('gives the cpu backend the wasm backend’s digits on 200 test images', async () => {
      const { test } = await loadMnist({ limit: { train: 1, test: 200 } });
      const cpu = await loadDigitRecognizer();
      const cpuDigits = (await cpu.recognizeMnist(test)).digits;
      cpu.dispose();
      await useBackend('wasm');
      const wasm = await loadDigitRecognizer();
      const wasmDigits = (await wasm.recognizeMnist(test)).digits;
      wasm.dispose();
      let same = 0;
      for (let i = 0; i < test.count; i++) if (cpuDigits[i] === wasmDigits[i]) same++;
      expect(same).toBeGreaterThanOrEqual(199);
    });
  },
  ['cpu'],
);
