import { checkOptions, describeValue } from '@digitkit/core';
import { assembleMnist, resolveLoadOptions } from './assemble-dataset.js';
import type { MnistData, MnistFiles, MnistLoadOptions } from './digit-dataset.js';
import { MNIST_FILE_KEYS } from './digit-dataset.js';
import { toUint8Array } from './parse-idx.js';

/**
 * Builds `{ train, test }` from the four MNIST-layout IDX files held in memory (gzipped or not),
 * e.g. from `<input type=file>` or a bundler asset. Each file is checked: images ubyte
 * `[count, rows, cols]`, labels ubyte `[count]`, equal counts, labels `< numClasses`.
 * `ubyte` images are zero-copy views over the given buffers unless `limit` or `transpose` apply.
 *
 * @throws IdxFormatError for malformed files; TypeError/RangeError for bad arguments.
 */
export async function loadMnistFromBuffers(
  buffers: MnistFiles<Uint8Array | ArrayBuffer>,
  options: MnistLoadOptions = {},
): Promise<MnistData> {
  const functionName = 'loadMnistFromBuffers';
  const resolved = resolveLoadOptions(options, functionName);
  if (typeof buffers !== 'object' || buffers === null) {
    throw new TypeError(`${functionName}: expected { trainImages, trainLabels, testImages, testLabels }, got ${describeValue(buffers)}`);
  }
  checkOptions(functionName, buffers, MNIST_FILE_KEYS, 'buffers');
  const bytes = {} as MnistFiles<Uint8Array>;
  for (const key of MNIST_FILE_KEYS) bytes[key] = toUint8Array(buffers[key], `${functionName} (${key})`);
  return assembleMnist(bytes, { trainImages: 'trainImages', trainLabels: 'trainLabels', testImages: 'testImages', testLabels: 'testLabels' }, options, resolved, functionName);
}
