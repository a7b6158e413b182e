import { DigitKitError, ImageFormatError, UnsupportedEnvironmentError } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelNotShippedError, SHIPPED_MODELS, loadDigitRecognizer, type DigitRecognizer, type DigitInput } from './index.js';

/** A 60×50 RGBA image: a vertical black bar (a "1") on white paper. */
function barImage(): { data: Uint8ClampedArray; width: number; height: number } {
  const width = 60;
  const height = 50;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 8; y < 42; y++) {
    for (let x = 28; x < 33; x++) data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  }
  return { data, width, height };
}

describe('loadDigitRecognizer options', () => {
  it('rejects unknown option keys with a TypeError naming the key', async () => {
    await expect(loadDigitRecognizer({ modle: 'single' } as never)).rejects.toThrow(/modle/);
    await expect(loadDigitRecognizer({ modle: 'single' } as never)).rejects.toBeInstanceOf(TypeError);
  });

  it('rejects an unknown model name with a TypeError listing the choices', async () => {
    await expect(loadDigitRecognizer({ model: 'big' as never })).rejects.toThrow(/'single'/);
  });

  // While no ensemble ships (weights/shipped-models.cjs); shipped-ensemble.test.ts checks the other branch.
  it.runIf(!SHIPPED_MODELS.includes('ensemble'))('says the ensemble is not shipped in this version with a ModelNotShippedError', async () => {
    const error = await loadDigitRecognizer({ model: 'ensemble' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotShippedError);
    expect(DigitKitError.isInstance(error)).toBe(true);
    expect((error as ModelNotShippedError).model).toBe('ensemble');
    expect((error as ModelNotShippedError).shipped).toEqual(['single']);
    expect((error as Error).message).toMatch(/not shipped in this version/);
    expect(SHIPPED_MODELS).toEqual(['single']);
  });
});

describeBackends('a loaded recognizer', () => {
  let recognizer: DigitRecognizer<DigitInput>;
  beforeAll(async () => {
    recognizer = await loadDigitRecognizer();
  });
  afterAll(() => recognizer.dispose());

  it('describes its model', () => {
    expect(recognizer.info).toMatchObject({ name: 'single', architecture: 'strong-cnn' });
    expect(recognizer.info.parameters).toBe(327_242);
  });

  it('returns 10 probabilities summing to 1, the argmax as digit and a sorted top-K, leaking no tensor', async () => {
    const result = await expectNoTensorLeak(() => recognizer.recognize(barImage(), { topK: 4 }));
    expect(result.probabilities).toBeInstanceOf(Float32Array);
    expect(result.probabilities).toHaveLength(10);
    expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const argmax = result.probabilities.indexOf(Math.max(...result.probabilities));
    expect(result.digit).toBe(argmax);
    expect(result.top).toHaveLength(4);
    expect(result.top[0]).toEqual({ digit: argmax, probability: result.probabilities[argmax] });
    for (let i = 1; i < 4; i++) expect(result.top[i].probability).toBeLessThanOrEqual(result.top[i - 1].probability);
    expect(result.pixels).toHaveLength(784);
    expect(result.inverted).toBe(true);
    expect((await recognizer.recognize(barImage())).top).toHaveLength(3);
  });

  it('reads a canvas through getContext("2d").getImageData', async () => {
    const image = barImage();
    const canvas = {
      width: image.width,
      height: image.height,
      getContext: (id: string) => (id === '2d' ? { getImageData: (x: number, y: number, w: number, h: number) => ({ ...image, x, y, w, h }) } : null),
    };
    const fromCanvas = await recognizer.recognize(canvas);
    const direct = await recognizer.recognize(image);
    expect(Array.from(fromCanvas.probabilities)).toEqual(Array.from(direct.probabilities));
  });

  it('gives recognizeBatch the same results as recognize, in order, leaking no tensor', async () => {
    const image = barImage();
    const gray = { data: new Uint8Array(30 * 30).fill(0), width: 30, height: 30, channels: 1 as const };
    for (let y = 5; y < 25; y++) gray.data.fill(255, y * 30 + 5, y * 30 + 9);
    const batch = await expectNoTensorLeak(() => recognizer.recognizeBatch([image, gray, image], { topK: 2 }));
    expect(batch).toHaveLength(3);
    const single = await recognizer.recognize(gray, { topK: 2 });
    for (let i = 0; i < 10; i++) expect(batch[1].probabilities[i]).toBeCloseTo(single.probabilities[i], 5);
    expect(batch[1].inverted).toBe(false);
    expect(await recognizer.recognizeBatch([])).toEqual([]);
  });

  it('recognizeMnist takes a DigitDataset or a [N, 28, 28, 1] tensor, leaking no tensor', async () => {
    const images = new Uint8Array(2 * 784);
    images.set((await recognizer.recognize(barImage())).pixels, 784);
    const dataset = { images, labels: new Uint8Array(2), count: 2, rows: 28, cols: 28, numClasses: 10 };
    const fromDataset = await expectNoTensorLeak(() => recognizer.recognizeMnist(dataset));
    expect(fromDataset.count).toBe(2);
    expect(fromDataset.probabilities).toHaveLength(20);
    const tensor = tf.tensor4d(Float32Array.from(images, (v) => v / 255), [2, 28, 28, 1]);
    const fromTensor = await expectNoTensorLeak(() => recognizer.recognizeMnist(tensor, { batchSize: 1 }));
    tensor.dispose();
    for (let i = 0; i < 20; i++) expect(fromTensor.probabilities[i]).toBeCloseTo(fromDataset.probabilities[i], 5);
    expect(Array.from(fromTensor.digits)).toEqual(Array.from(fromDataset.digits));
  });

  it('throws typed errors for bad inputs, before any tensor is made', async () => {
    const before = tf.memory().numTensors;
    await expect(recognizer.recognize(null as never)).rejects.toBeInstanceOf(TypeError);
    await expect(recognizer.recognize('digit.png' as never)).rejects.toThrow(/ImageData, a canvas/);
    await expect(recognizer.recognize({ data: new Uint8Array(10), width: 3, height: 3, channels: 1 })).rejects.toBeInstanceOf(RangeError);
    await expect(recognizer.recognize({ data: [1, 2, 3] as never, width: 1, height: 1, channels: 3 })).rejects.toBeInstanceOf(TypeError);
    await expect(recognizer.recognize({ data: new Uint8Array(4), width: 1, height: 1, channels: 5 as never })).rejects.toBeInstanceOf(RangeError);
    const blank = await recognizer.recognize({ data: new Uint8Array(40 * 40).fill(200), width: 40, height: 40, channels: 1 }).catch((e: unknown) => e);
    expect(blank).toBeInstanceOf(ImageFormatError);
    expect((blank as Error).message).toMatch(/^recognize: expected input to show a digit/);
    const webgl = { width: 10, height: 10, getContext: () => null };
    await expect(recognizer.recognize(webgl)).rejects.toBeInstanceOf(UnsupportedEnvironmentError);
    await expect(recognizer.recognize(barImage(), { topK: 11 })).rejects.toBeInstanceOf(RangeError);
    await expect(recognizer.recognize(barImage(), { top: 3 } as never)).rejects.toThrow(/top/);
    await expect(recognizer.recognizeBatch(barImage() as never)).rejects.toBeInstanceOf(TypeError);
    const batchError = await recognizer.recognizeBatch([barImage(), null as never]).catch((e: unknown) => e);
    expect((batchError as Error).message).toMatch(/inputs\[1\]/);
    await expect(recognizer.recognizeMnist({} as never)).rejects.toBeInstanceOf(TypeError);
    await expect(recognizer.recognizeMnist({ images: new Uint8Array(16), labels: new Uint8Array(1), count: 1, rows: 4, cols: 4, numClasses: 10 })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('dispose', () => {
  it('frees every tensor of the model and makes later calls throw a DigitKitError', async () => {
    const before = tf.memory().numTensors;
    const recognizer = await loadDigitRecognizer({ model: 'single' });
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    recognizer.dispose();
    recognizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const error = await recognizer.recognize(barImage()).catch((e: unknown) => e);
    expect(DigitKitError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/dispose/);
  });
});
