import { gzipSync, gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { headOfFile, readRaw } from './__fixtures__/mnist-files.js';
import { createRng } from './create-rng.js';
import { IdxFormatError } from './errors.js';
import { loadIdx } from './load-idx.js';
import { loadMnistFromBuffers } from './load-mnist-from-buffers.js';
import { parseIdx } from './parse-idx.js';

/**
 * Fuzz: random byte mutations, truncations and extensions of valid files. The only error allowed
 * is IdxFormatError; a successful parse must be self-consistent. A fixed seed keeps it repeatable.
 */
const random = createRng(20260101);
const randomInt = (n: number): number => Math.floor(random() * n);

function mutate(valid: Uint8Array): Uint8Array {
  let bytes = valid.slice();
  const kind = randomInt(5);
  if (kind === 0 || kind === 3) {
    const flips = 1 + randomInt(4);
    for (let k = 0; k < flips; k++) {
      // Half the mutations hit the header, where most of the logic is.
      const at = random() < 0.5 ? randomInt(Math.min(16, bytes.length)) : randomInt(bytes.length);
      bytes[at] = random() < 0.3 ? [0, 1, 0x08, 0x0b, 0x0e, 0xff][randomInt(6)] : randomInt(256);
    }
  }
  if (kind === 1 || kind === 3) bytes = bytes.subarray(0, randomInt(bytes.length + 1));
  if (kind === 2) {
    const grown = new Uint8Array(bytes.length + 1 + randomInt(8));
    grown.set(bytes);
    for (let i = bytes.length; i < grown.length; i++) grown[i] = randomInt(256);
    bytes = grown;
  }
  if (kind === 4) bytes = bytes.subarray(randomInt(Math.min(bytes.length, 20))); // shifted start
  return bytes;
}

function checkParsed(result: ReturnType<typeof parseIdx>): void {
  expect(result.data.length).toBe(result.shape.reduce((a, b) => a * b, 1));
}

const images = headOfFile(readRaw('trainImages'), 3); // 3x28x28 ubyte, 2368 bytes
const labels = headOfFile(readRaw('trainLabels'), 3);
// A small wide-type file too, written by hand: [2, 2] int.
const ints = new Uint8Array([0, 0, 0x0c, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0, 1, 0]);

describe('fuzz: parseIdx', () => {
  it('5000 mutations of a ubyte file and 3000 of an int file: parse or IdxFormatError, nothing else', () => {
    let parsed = 0;
    let rejected = 0;
    for (const [valid, runs] of [[images, 5000], [labels, 1000], [ints, 3000]] as const) {
      for (let run = 0; run < runs; run++) {
        const bytes = mutate(valid);
        try {
          checkParsed(parseIdx(bytes));
          parsed++;
        } catch (error) {
          if (!(error instanceof IdxFormatError)) throw new Error(`non-IdxFormatError for [${Array.from(bytes.subarray(0, 24))}]: ${String(error)}`);
          rejected++;
        }
      }
    }
    // Both outcomes must have happened, or the fuzzer is not exercising anything.
    expect(parsed).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
  });
});

describe('fuzz: loadMnistFromBuffers and gzip', () => {
  it('1500 mutated data sets: result or IdxFormatError; a result always holds consistent data', async () => {
    let loaded = 0;
    for (let run = 0; run < 1500; run++) {
      const which = randomInt(4);
      const files = {
        trainImages: which === 0 ? mutate(images) : images,
        trainLabels: which === 1 ? mutate(labels) : labels,
        testImages: which === 2 ? mutate(images) : images,
        testLabels: which === 3 ? mutate(labels) : labels,
      };
      try {
        const { train, test } = await loadMnistFromBuffers(files);
        for (const ds of [train, test]) {
          expect(ds.images.length).toBe(ds.count * ds.rows * ds.cols);
          expect(ds.labels.length).toBe(ds.count);
          expect(Math.max(...ds.labels)).toBeLessThan(10);
        }
        loaded++;
      } catch (error) {
        if (!(error instanceof IdxFormatError)) throw error;
      }
    }
    expect(loaded).toBeGreaterThan(50);
  });

  it('400 mutated gzip streams, inflated by DecompressionStream and by node:zlib: result or IdxFormatError', async () => {
    const gzipped = new Uint8Array(gzipSync(images));
    const gunzipAsync = promisify(gunzip);
    const zlib = async (bytes: Uint8Array) => new Uint8Array(await gunzipAsync(bytes));
    let rejected = 0;
    for (let run = 0; run < 400; run++) {
      const bytes = mutate(gzipped);
      for (const decompress of [undefined, zlib]) {
        try {
          checkParsed(await loadIdx(bytes, { decompress }));
        } catch (error) {
          if (!(error instanceof IdxFormatError)) throw error;
          rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(100);
  });
});
