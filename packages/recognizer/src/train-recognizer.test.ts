// The training script's parts (scripts/train/*): the per-epoch corruption of the training images and a tiny run
// (LeNet-5, a few hundred real MNIST images) killed after its first epoch and resumed.
import { subsetDataset, type DigitDataset } from '@digitkit/core';
import { createFileCheckpointStore, loadModel } from '@digitkit/cnn-models/node';
import { loadMnist } from '@digitkit/mnist-data/node';
import { describeBackends } from '@digitkit/test-utils';
import { enableWasmTraining } from '@digitkit/wasm-training';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROBUST_AUGMENTATION, robustDraw, robustEpochImages } from '../scripts/train/robust-epoch-images.js';
import { trainRecognizerRun, type RecognizerRecipe } from '../scripts/train/train-recognizer-run.js';

let train: DigitDataset;
let validation: DigitDataset;
beforeAll(async () => {
  const mnist = await loadMnist({ limit: { train: 300, test: 1 } });
  train = subsetDataset(mnist.train, Array.from({ length: 256 }, (_, i) => i));
  validation = subsetDataset(mnist.train, Array.from({ length: 44 }, (_, i) => 256 + i));
});

const image = (d: DigitDataset, i: number): Uint8Array => d.images.subarray(i * 784, (i + 1) * 784);
const sum = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0);
const inkPixels = (a: Uint8Array): number => a.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);

describe('robustEpochImages (the per-epoch corruption of the training images)', () => {
  const options = DEFAULT_ROBUST_AUGMENTATION;

  it('is a pure function of (images, seed, epoch): the same bytes again, other bytes for another epoch or seed', () => {
    const a = robustEpochImages(train, 42, 3, options);
    expect(Buffer.from(robustEpochImages(train, 42, 3, options)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(robustEpochImages(train, 42, 4, options)).equals(Buffer.from(a))).toBe(false);
    expect(Buffer.from(robustEpochImages(train, 7, 3, options)).equals(Buffer.from(a))).toBe(false);
    expect(train.images.length).toBe(256 * 784); // the input is not modified (checked against a fresh copy below)
  });

  it('keeps about cleanFraction of the images uncorrupted, and those not re-normalized byte-identical', () => {
    const out = robustEpochImages(train, 42, 1, options);
    let clean = 0;
    for (let i = 0; i < train.count; i++) {
      const draw = robustDraw(42, 1, i, options);
      if (draw.corruption >= 0) continue;
      clean++;
      if (!draw.normalized) expect(Buffer.from(image({ ...train, images: out }, i)).equals(Buffer.from(image(train, i)))).toBe(true);
    }
    // Binomial(256, 0.5): mean 128, sd 8; ±40 is five standard deviations.
    expect(clean).toBeGreaterThan(88);
    expect(clean).toBeLessThan(168);
  });

  it('thickens strokes with dilate and thins them with erode (ink area and mass of the 28x28 bytes)', () => {
    const out = { ...train, images: robustEpochImages(train, 42, 2, options) };
    let dilated = 0;
    let eroded = 0;
    for (let i = 0; i < train.count; i++) {
      const draw = robustDraw(42, 2, i, options);
      if (draw.normalized || draw.corruption < 0) continue;
      const name = options.corruptions[draw.corruption];
      if (name === 'dilate') {
        dilated++;
        expect(inkPixels(image(out, i))).toBeGreaterThan(inkPixels(image(train, i)));
      }
      if (name === 'erode') {
        eroded++;
        expect(sum(image(out, i))).toBeLessThan(sum(image(train, i)));
      }
    }
    expect(dilated).toBeGreaterThan(5);
    expect(eroded).toBeGreaterThan(5);
  });

  it('re-normalizes the drawn fraction the MNIST way: centre of mass at (14, 14), ink inside the central 20x20 box', () => {
    const out = { ...train, images: robustEpochImages(train, 42, 5, { ...options, normalizeFraction: 1, cleanFraction: 1 }) };
    for (let i = 0; i < train.count; i++) {
      const pixels = image(out, i);
      let mass = 0;
      let mx = 0;
      let my = 0;
      let minX = 28;
      let maxX = -1;
      let minY = 28;
      let maxY = -1;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const v = pixels[y * 28 + x];
          if (v === 0) continue;
          mass += v;
          mx += v * x;
          my += v * y;
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
      // Pixel centres: the centre of mass lands within a pixel of the image centre (13.5 + rounding of the shift).
      expect(Math.abs(mx / mass - 13.5)).toBeLessThanOrEqual(1);
      expect(Math.abs(my / mass - 13.5)).toBeLessThanOrEqual(1);
      expect(Math.max(maxX - minX + 1, maxY - minY + 1)).toBeLessThanOrEqual(20);
    }
  });
});

// The script trains on wasm (with @digitkit/wasm-training's gradient kernels), so the run is tested there; the
// cpu backend's JS convolution gradients take minutes even for this tiny run.
describeBackends('trainRecognizerRun (tiny LeNet-5 run)', (backend) => {
  let folder: string;
  beforeAll(async () => {
    if (backend === 'wasm') enableWasmTraining();
    folder = await mkdtemp(join(tmpdir(), `train-recognizer-${backend}-`));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const recipe: RecognizerRecipe = {
    model: 'lenet5',
    epochs: 2,
    batchSize: 32,
    learningRate: 3e-3,
    learningRateDecay: 0.75,
    augment: { rotationDegrees: 10, shift: 2, zoom: 0.1, shear: 8 },
    robust: DEFAULT_ROBUST_AUGMENTATION,
    seed: 5,
    validationFraction: 0.1,
    batchNormMomentum: 0.99,
    from: null,
    limit: 256,
  };

  it('writes an import-run run folder; a run killed after epoch 1 and resumed ends bit-identical to an uninterrupted one', async () => {
    const before = tf.memory().numTensors;
    const whole = join(folder, 'whole');
    const lines: string[] = [];
    const result = await trainRecognizerRun({ out: whole, train, validation, recipe, command: 'test', resume: false, log: (l) => lines.push(l) });
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(result.bestEpoch).not.toBeNull();
    for (const e of result.epochs) {
      expect(e.clean).toBeGreaterThan(0.3); // 16 steps of 32 images: well above chance (0.1)
      expect(e.score).toBeCloseTo((e.clean + e.corrupted) / 2, 12);
    }
    // What import-run.ts reads: run.json's command and config, <run>/model (checksummed) and <run>/checkpoint.
    const runJson = JSON.parse(await readFile(join(whole, 'run.json'), 'utf8'));
    expect(runJson.command).toBe('test');
    expect(runJson.config).toMatchObject({ model: 'lenet5', seed: 5, validationFraction: 0.1, limit: 256, epochs: 2, batchNormMomentum: 0.99 });
    const saved = await loadModel(join(whole, 'model'));
    saved.dispose();
    expect((await createFileCheckpointStore(join(whole, 'checkpoint')).load())?.epochsCompleted).toBe(2);

    // Killed (aborted) right after epoch 1's checkpoint, then resumed.
    const split = join(folder, 'split');
    const controller = new AbortController();
    await expect(
      trainRecognizerRun({
        out: split, train, validation, recipe, command: 'test', resume: false, signal: controller.signal,
        log: (line) => {
          if (line.startsWith('epoch 1:')) controller.abort(new Error('killed'));
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    const resumed = await trainRecognizerRun({ out: split, train, validation, recipe, command: 'test', resume: true, log: () => {} });
    expect(resumed.epochs).toEqual(result.epochs.map((e) => ({ ...e, seconds: expect.any(Number), imagesPerSecond: expect.any(Number) })));
    const bytes = (dir: string) => readFile(join(dir, 'checkpoint', 'checkpoint-2.bin'));
    expect((await bytes(split)).equals(await bytes(whole))).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts from an existing run\'s weights (--from): epoch 0 of validation.json is that model\'s accuracy', async () => {
    const from = join(folder, 'whole');
    const result = await trainRecognizerRun({
      out: join(folder, 'fine-tune'), train, validation, recipe: { ...recipe, epochs: 1, from, learningRate: 1e-4 }, command: 'test', resume: false, log: () => {},
    });
    const first = JSON.parse(await readFile(join(from, 'validation.json'), 'utf8'));
    const best = first.epochs.find((e: { epoch: number }) => e.epoch === first.bestEpoch);
    expect(result.start.clean).toBe(best.clean);
    expect(result.start.corrupted).toBe(best.corrupted);
  });
}, ['wasm']);
