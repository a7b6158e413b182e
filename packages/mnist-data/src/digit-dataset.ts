import type { DigitDataset } from '@digitkit/core';

export type { DigitDataset };

/** The two splits of an MNIST-layout data set. */
export interface MnistData {
  /** Training split (60,000 examples for MNIST). */
  train: DigitDataset;
  /** Test split (10,000 examples for MNIST). */
  test: DigitDataset;
}

/** The four files of an MNIST-layout data set, keyed the same way wherever they come from. */
export interface MnistFiles<T> {
  /** Training images, IDX ubyte `[count, rows, cols]` (usual name `train-images-idx3-ubyte`). */
  trainImages: T;
  /** Training labels, IDX ubyte `[count]` (usual name `train-labels-idx1-ubyte`). */
  trainLabels: T;
  /** Test images, IDX ubyte `[count, rows, cols]` (usual name `t10k-images-idx3-ubyte`). */
  testImages: T;
  /** Test labels, IDX ubyte `[count]` (usual name `t10k-labels-idx1-ubyte`). */
  testLabels: T;
}

/** Options shared by every MNIST loader. */
export interface MnistLoadOptions {
  /**
   * Keep only the first `limit` examples of each split (a number), or per split
   * (`{ train, test }`). Every label in the files is still checked. Default: all examples.
   */
  limit?: number | { train?: number; test?: number };
  /**
   * Transpose every image (swap rows and columns), for data sets stored column-major such as
   * EMNIST. Default: `false`.
   */
  transpose?: boolean;
  /** Labels must be below this (10 for digits; 47 for EMNIST Balanced, 27 for EMNIST Letters). Default: 10. */
  numClasses?: number;
  /** Gunzip implementation. Default: `DecompressionStream('gzip')`; the `./node` entry uses `node:zlib`. */
  decompress?: (gzipped: Uint8Array) => Promise<Uint8Array>;
}

/** Keys of {@link MnistFiles}, in load order. */
export const MNIST_FILE_KEYS = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
