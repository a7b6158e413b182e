// Test helpers for the corruption tests (not exported from the package).
import { loadMnist } from '@digitkit/mnist-data/node';

/** The first `count` real MNIST test images as one flat byte array, plus one image accessor. */
export async function mnistTestImages(count: number): Promise<{ images: Uint8Array; labels: Uint8Array; image: (i: number) => Uint8Array }> {
  const { test } = await loadMnist({ limit: { train: 1, test: count } });
  const images = test.images.slice(0, count * 784);
  return { images, labels: test.labels.slice(0, count), image: (i) => images.slice(i * 784, (i + 1) * 784) };
}

/** Brute-force pixel access with 0 outside. */
export function pixel(image: Uint8Array, rows: number, cols: number, x: number, y: number): number {
  return x >= 0 && x < cols && y >= 0 && y < rows ? image[y * cols + x] : 0;
}
