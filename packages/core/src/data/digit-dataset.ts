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
