/**
 * A labelled image data set held as bytes, the shape every digitkit package passes around.
 *
 * Example `i` has pixels `images.subarray(i * rows * cols, (i + 1) * rows * cols)` (row-major,
 * 0 = background, 255 = ink for MNIST) and class `labels[i]`, an integer in `0..numClasses - 1`.
 */
export interface DigitDataset {
  /** Pixels, `count * rows * cols` bytes, 0..255, example-major then row-major. */
  images: Uint8Array;
  /** One class index per example, each `< numClasses`; length `count`. */
  labels: Uint8Array;
  /** Number of examples. */
  count: number;
  /** Image height in pixels (28 for MNIST). */
  rows: number;
  /** Image width in pixels (28 for MNIST). */
  cols: number;
  /** Number of classes (10 for MNIST digits). */
  numClasses: number;
}

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
