import type { DigitDataset, MnistData, MnistFiles, MnistLoadOptions } from './digit-dataset.js';
import { MNIST_FILE_KEYS } from './digit-dataset.js';
import { checkBoolean, checkFunction, checkInteger, checkOptions } from '@digitkit/core';
import { IdxFormatError } from './errors.js';
import { decompressWithStreams, maybeGunzip } from './gzip.js';
import type { IdxArray } from './idx-types.js';
import { parseIdx } from './parse-idx.js';

interface ResolvedOptions {
  trainLimit: number;
  testLimit: number;
  transpose: boolean;
  numClasses: number;
}

/** The option keys every MNIST loader accepts ({@link MnistLoadOptions}). */
export const MNIST_LOAD_OPTION_KEYS = ['limit', 'transpose', 'numClasses', 'decompress'] as const;

/**
 * Checks loader options before any I/O (closed: `known` lists every key the loader accepts); throws
 * RangeError/TypeError naming `functionName`.
 */
export function resolveLoadOptions(
  options: MnistLoadOptions,
  functionName: string,
  known: readonly string[] = MNIST_LOAD_OPTION_KEYS,
): ResolvedOptions {
  if (options === null) throw new TypeError(`${functionName}: expected options to be an object, got null`);
  const { limit, transpose = false, numClasses = 10, decompress } = checkOptions(functionName, options, known);
  const checkLimit = (value: unknown, label: string): number =>
    value === undefined ? Number.POSITIVE_INFINITY : checkInteger(functionName, label, value, { min: 0 });
  let trainLimit: number;
  let testLimit: number;
  if (typeof limit === 'object' && limit !== null) {
    const perSplit = checkOptions(functionName, limit, ['train', 'test'], 'limit');
    trainLimit = checkLimit(perSplit.train, 'limit.train');
    testLimit = checkLimit(perSplit.test, 'limit.test');
  } else {
    trainLimit = testLimit = checkLimit(limit, 'limit');
  }
  checkBoolean(functionName, 'transpose', transpose);
  checkInteger(functionName, 'numClasses', numClasses, { min: 1, max: 256 });
  if (decompress !== undefined) checkFunction(functionName, 'decompress', decompress);
  return { trainLimit, testLimit, transpose, numClasses };
}

/**
 * Gunzips (when needed), parses and cross-checks the four files of an MNIST-layout data set.
 * `names` label each file in error messages.
 */
export async function assembleMnist(
  bytes: MnistFiles<Uint8Array>,
  names: MnistFiles<string | undefined>,
  options: MnistLoadOptions,
  resolved: ResolvedOptions,
  functionName: string,
): Promise<MnistData> {
  const decompress = options.decompress ?? decompressWithStreams;
  const raw = await Promise.all(
    MNIST_FILE_KEYS.map((key) => maybeGunzip(bytes[key], decompress, functionName, names[key])),
  );
  const [trainImages, trainLabels, testImages, testLabels] = raw.map((file, i) =>
    parseIdx(file, { source: names[MNIST_FILE_KEYS[i]] }),
  );
  const build = (images: IdxArray, labels: IdxArray, limit: number, imageName?: string, labelName?: string) =>
    datasetFromIdx(images, labels, {
      limit,
      transpose: resolved.transpose,
      numClasses: resolved.numClasses,
      functionName,
      imageSource: imageName,
      labelSource: labelName,
    });
  return {
    train: build(trainImages, trainLabels, resolved.trainLimit, names.trainImages, names.trainLabels),
    test: build(testImages, testLabels, resolved.testLimit, names.testImages, names.testLabels),
  };
}

interface DatasetFromIdxOptions {
  limit: number;
  transpose: boolean;
  numClasses: number;
  functionName: string;
  imageSource?: string;
  labelSource?: string;
}

/** Checks a parsed image file and label file against each other and builds a {@link DigitDataset}. */
export function datasetFromIdx(images: IdxArray, labels: IdxArray, options: DatasetFromIdxOptions): DigitDataset {
  const { functionName, imageSource, labelSource, numClasses } = options;
  if (images.dtype !== 'ubyte' || images.shape.length !== 3) {
    throw new IdxFormatError({
      functionName,
      expected: 'images as ubyte of rank 3 (count x rows x cols)',
      found: `${images.dtype} of rank ${images.shape.length}`,
      offset: images.dtype !== 'ubyte' ? 2 : 3,
      source: imageSource,
    });
  }
  if (labels.dtype !== 'ubyte' || labels.shape.length !== 1) {
    throw new IdxFormatError({
      functionName,
      expected: 'labels as ubyte of rank 1',
      found: `${labels.dtype} of rank ${labels.shape.length}`,
      offset: labels.dtype !== 'ubyte' ? 2 : 3,
      source: labelSource,
    });
  }
  const [count, rows, cols] = images.shape;
  if (labels.shape[0] !== count) {
    throw new IdxFormatError({
      functionName,
      expected: `${count} labels (one per image)`,
      found: `${labels.shape[0]}`,
      offset: 4,
      source: labelSource,
    });
  }
  const labelData = labels.data as Uint8Array;
  for (let i = 0; i < count; i++) {
    if (labelData[i] >= numClasses) {
      throw new IdxFormatError({
        functionName,
        expected: `labels below numClasses = ${numClasses}`,
        found: `label ${labelData[i]} for example ${i}`,
        offset: 8 + i,
        source: labelSource,
      });
    }
  }

  const kept = Math.min(count, options.limit);
  const pixels = rows * cols;
  const imageData = images.data as Uint8Array;
  let outImages: Uint8Array;
  let outLabels: Uint8Array;
  if (options.transpose) {
    outImages = new Uint8Array(kept * pixels);
    for (let n = 0; n < kept; n++) {
      const base = n * pixels;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) outImages[base + c * rows + r] = imageData[base + r * cols + c];
      }
    }
    outLabels = labelData.slice(0, kept);
  } else if (kept < count) {
    // Copy so a small subset does not keep the whole file alive.
    outImages = imageData.slice(0, kept * pixels);
    outLabels = labelData.slice(0, kept);
  } else {
    outImages = imageData;
    outLabels = labelData;
  }
  return {
    images: outImages,
    labels: outLabels,
    count: kept,
    rows: options.transpose ? cols : rows,
    cols: options.transpose ? rows : cols,
    numClasses,
  };
}
