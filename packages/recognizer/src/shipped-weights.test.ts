/**
 * The shipped weights: the package's one weights file (weights/single/embedded.cjs) is self-consistent and within the
 * size target, unpacks exactly like Node's zlib does, exports to tfjs files that cnn-models' loadModel reads as the
 * same model, and the shipped (quantized) model scores on the full 10,000-image MNIST test set at least what its info
 * and the README claim. The independent truths are the MNIST test labels, Node's zlib and base64, and SHA-256.
 */
import { sha256 } from '@digitkit/core/node';
import { loadModel } from '@digitkit/cnn-models/node';
import { predictProbabilities } from '@digitkit/cnn-models';
import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { loadMnist } from '@digitkit/mnist-data/node';
import { describeBackends, useBackend } from '@digitkit/test-utils';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWeights } from '../scripts/export-weights.js';
import { base64ToBytes } from './base64-to-bytes.js';
import { inflateBytes } from './inflate-bytes.js';
import { loadDigitRecognizer, type DigitInput, type DigitRecognizer } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const embeddedPath = join(root, 'weights', 'single', 'embedded.cjs');
const embedded = createRequire(import.meta.url)('../weights/single/embedded.cjs') as typeof import('../weights/single/embedded.cjs');
const unpack = (base64: string): Buffer => inflateSync(Buffer.from(base64, 'base64'));

describe('the shipped file', () => {
  it('is the only weights file in the package', async () => {
    expect((await readdir(join(root, 'weights', 'single'))).sort()).toEqual(['embedded.cjs', 'embedded.d.cts']);
  });

  it('holds weights whose SHA-256 and length its info and its model.json state, and a manifest of that many bytes', () => {
    const weights = unpack(embedded.WEIGHTS_DEFLATE_BASE64);
    const modelJson = JSON.parse(unpack(embedded.MODEL_JSON_DEFLATE_BASE64).toString('utf8'));
    expect(embedded.INFO.weightsSha256).toBe(sha256(weights));
    expect(modelJson.weightsSha256).toEqual({ 'weights.bin': sha256(weights) });
    expect(embedded.INFO.weightBytes).toBe(weights.byteLength);
    // The manifest's own account of the bytes: elements x bytes per stored value (uint8 1, float16 2, float32 4).
    const bytesPer: Record<string, number> = { uint8: 1, float16: 2, float32: 4 };
    let manifestBytes = 0;
    for (const spec of modelJson.weightsManifest.flatMap((group: { weights: unknown[] }) => group.weights)) {
      const elements = spec.shape.reduce((a: number, b: number) => a * b, 1);
      manifestBytes += elements * bytesPer[spec.quantization?.dtype ?? spec.dtype];
    }
    expect(manifestBytes).toBe(weights.byteLength);
  });

  it('keeps the single model within 400 KB on disk (the one file, base64 and all)', async () => {
    expect((await stat(embeddedPath)).size).toBeLessThanOrEqual(400_000);
  });

  it('decodes base64 like Node does, for every padding length', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 256, 257]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) & 255);
      expect(base64ToBytes(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    }
  });

  it('inflates (DecompressionStream) what Node\'s zlib deflates, and the shipped weights to Node\'s inflate', async () => {
    for (const length of [0, 1, 1000, 70_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => ((i * 2654435761) >>> 24) & (i % 3 === 0 ? 255 : 15));
      expect(Buffer.from(await inflateBytes('test', new Uint8Array(deflateSync(bytes)))).equals(Buffer.from(bytes))).toBe(true);
    }
    const shipped = await inflateBytes('test', base64ToBytes(embedded.WEIGHTS_DEFLATE_BASE64));
    expect(Buffer.from(shipped).equals(unpack(embedded.WEIGHTS_DEFLATE_BASE64))).toBe(true);
    await expect(inflateBytes('test', new Uint8Array([1, 2, 3, 4]))).rejects.toThrow();
  });

  it('says what is missing where the platform has no DecompressionStream', async () => {
    const saved = globalThis.DecompressionStream;
    try {
      (globalThis as { DecompressionStream?: unknown }).DecompressionStream = undefined;
      await expect(inflateBytes('loadDigitRecognizer', new Uint8Array(deflateSync(new Uint8Array(3))))).rejects.toMatchObject({
        name: 'UnsupportedEnvironmentError',
        message: expect.stringMatching(/^loadDigitRecognizer: expected DecompressionStream\('deflate'\)/),
      });
    } finally {
      globalThis.DecompressionStream = saved;
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

  it('scores at least the accuracy its info and the README claim, on the shipped quantized file', async () => {
    expect(test.count).toBe(10_000);
    const { digits } = await recognizer.recognizeMnist(test);
    let correct = 0;
    for (let i = 0; i < test.count; i++) if (digits[i] === test.labels[i]) correct++;
    console.log(`shipped single model: ${correct}/${test.count} = ${(correct / 100).toFixed(2)} % on the MNIST test set`);
    expect(correct / test.count).toBeGreaterThanOrEqual(recognizer.info.testAccuracy - 1e-9);
    const claimed = (100 * recognizer.info.testAccuracy).toFixed(2);
    expect(await readFile(join(root, 'README.md'), 'utf8')).toContain(`**${claimed} %**`);
  }, 900_000); // 10,000 images through the strong CNN: minutes on a loaded two-core machine

  it('is the same model as its export to tfjs files (export-weights.ts) loaded with cnn-models loadModel', async () => {
    const subset: DigitDataset = { ...test, count: 200, images: test.images.subarray(0, 200 * 784), labels: test.labels.subarray(0, 200) };
    const folder = await mkdtemp(join(tmpdir(), 'recognizer-export-'));
    try {
      await exportWeights(folder);
      const model = await loadModel(folder); // verifies model.json's weightsSha256 against weights.bin
      const fromFiles = argmaxRows(await predictProbabilities(model, subset), 10);
      model.dispose();
      expect(Array.from((await recognizer.recognizeMnist(subset)).digits)).toEqual(Array.from(fromFiles));
      expect(JSON.parse(await readFile(join(folder, 'info.json'), 'utf8'))).toEqual(embedded.INFO);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
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
