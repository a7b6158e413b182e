import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_DIR, MNIST_NAMES, headOfFile, readRaw } from './__fixtures__/mnist-files.js';
import { serveDirectory } from './__fixtures__/static-server.js';
import { DigitKitError, IdxFormatError } from './errors.js';
import { loadMnistFromBuffers } from './load-mnist-from-buffers.js';
import { loadMnistFromUrls } from './load-mnist-from-urls.js';

const TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_CLASS_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const classCounts = (labels: Uint8Array) => labels.reduce((counts, label) => (counts[label]++, counts), new Array(10).fill(0));

describe('loadMnistFromBuffers (universal entry)', () => {
  it('builds the full MNIST from ArrayBuffers without copying the pixels', async () => {
    const raw = {
      trainImages: readRaw('trainImages'),
      trainLabels: readRaw('trainLabels'),
      testImages: readRaw('testImages'),
      testLabels: readRaw('testLabels'),
    };
    const { train, test } = await loadMnistFromBuffers({
      trainImages: raw.trainImages.buffer as ArrayBuffer,
      trainLabels: raw.trainLabels,
      testImages: raw.testImages,
      testLabels: raw.testLabels.buffer as ArrayBuffer,
    });
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(classCounts(train.labels)).toEqual(TRAIN_CLASS_COUNTS);
    expect(classCounts(test.labels)).toEqual(TEST_CLASS_COUNTS);
    expect(train.images.buffer).toBe(raw.trainImages.buffer);
    expect(train.images.byteOffset).toBe(16);
  });

  it('inflates gzipped buffers with DecompressionStream', async () => {
    const { train, test } = await loadMnistFromBuffers(
      {
        trainImages: gzipSync(headOfFile(readRaw('trainImages'), 40)),
        trainLabels: gzipSync(headOfFile(readRaw('trainLabels'), 40)),
        testImages: headOfFile(readRaw('testImages'), 40),
        testLabels: gzipSync(headOfFile(readRaw('testLabels'), 40)),
      },
      { limit: { test: 10 } },
    );
    expect([train.count, test.count]).toEqual([40, 10]);
    expect(Array.from(train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Buffer.from(train.images).equals(Buffer.from(readRaw('trainImages').subarray(16, 16 + 40 * 784)))).toBe(true);
  });

  it('rejects a missing buffer with a TypeError and a bad file with IdxFormatError', async () => {
    const labels = headOfFile(readRaw('trainLabels'), 3);
    const images = headOfFile(readRaw('trainImages'), 3);
    await expect(loadMnistFromBuffers({ trainImages: images, trainLabels: labels, testImages: images } as never)).rejects.toThrow(
      /loadMnistFromBuffers \(testLabels\): expected a Uint8Array or ArrayBuffer, got undefined/,
    );
    const error = await loadMnistFromBuffers({ trainImages: images, trainLabels: labels, testImages: images, testLabels: images }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdxFormatError);
    expect((error as IdxFormatError).source).toBe('testLabels');
  });
});

describe('loadMnistFromUrls (fetch from a local HTTP server)', () => {
  let server: Awaited<ReturnType<typeof serveDirectory>>;
  let gzServer: Awaited<ReturnType<typeof serveDirectory>>;
  let gzDir: string;
  beforeAll(async () => {
    server = await serveDirectory(MNIST_DIR);
    gzDir = mkdtempSync(join(tmpdir(), 'mnist-data-urls-'));
    for (const name of Object.values(MNIST_NAMES)) {
      const key = (Object.keys(MNIST_NAMES) as (keyof typeof MNIST_NAMES)[]).find((k) => MNIST_NAMES[k] === name)!;
      writeFileSync(join(gzDir, `${name}.gz`), gzipSync(headOfFile(readRaw(key), 500), { level: 1 }));
    }
    gzServer = await serveDirectory(gzDir);
  });
  afterAll(async () => {
    await server.close();
    await gzServer.close();
    rmSync(gzDir, { recursive: true, force: true });
  });

  const urlsFor = (base: string, suffix = '') => ({
    trainImages: `${base}${MNIST_NAMES.trainImages}${suffix}`,
    trainLabels: `${base}${MNIST_NAMES.trainLabels}${suffix}`,
    testImages: new URL(`${MNIST_NAMES.testImages}${suffix}`, base),
    testLabels: `${base}${MNIST_NAMES.testLabels}${suffix}`,
  });

  it('loads the full MNIST over HTTP', async () => {
    const { train, test } = await loadMnistFromUrls(urlsFor(server.baseUrl));
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(classCounts(train.labels)).toEqual(TRAIN_CLASS_COUNTS);
    expect(classCounts(test.labels)).toEqual(TEST_CLASS_COUNTS);
  });

  it('loads gzipped files over HTTP, with limit and a custom fetch', async () => {
    const fetched: string[] = [];
    const { train, test } = await loadMnistFromUrls(urlsFor(gzServer.baseUrl, '.gz'), {
      limit: 100,
      fetch: (input, init) => {
        fetched.push(String(input));
        return fetch(input, init);
      },
    });
    expect(fetched).toHaveLength(4);
    expect([train.count, test.count]).toEqual([100, 100]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('a missing file is a DigitKitError naming the URL and the status', async () => {
    const urls = { ...urlsFor(server.baseUrl), testLabels: `${server.baseUrl}nothing-here` };
    const error = await loadMnistFromUrls(urls).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigitKitError);
    expect((error as Error).message).toMatch(/loadMnistFromUrls: expected an HTTP 2xx response for .*nothing-here, got 404/);
  });

  it('an aborted signal stops the fetch with a DigitKitError', async () => {
    const error = await loadMnistFromUrls(urlsFor(server.baseUrl), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigitKitError);
  });

  it('argument mistakes are TypeErrors', async () => {
    await expect(loadMnistFromUrls(server.baseUrl as never)).rejects.toThrow(TypeError);
    await expect(loadMnistFromUrls({ ...urlsFor(server.baseUrl), trainImages: 3 } as never)).rejects.toThrow(
      /urls.trainImages to be a string or URL/,
    );
  });
});
