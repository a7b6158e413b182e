import { toByte } from './image-buffer.js';

/**
 * Contrast reduction as in ImageNet-C: `mean + factor * (v - mean)` with the image's own mean intensity, rounded.
 *
 * @param factor - 1 keeps the image, 0 makes it a flat grey at its mean.
 */
export function adjustContrast(image: Uint8Array, factor: number): Uint8Array {
  let sum = 0;
  for (let i = 0; i < image.length; i++) sum += image[i];
  const mean = image.length === 0 ? 0 : sum / image.length;
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = toByte(mean + factor * (image[i] - mean));
  return out;
}

/** Brightness shift: `v + delta`, clamped to `0..255` (a positive delta lifts the black background). */
export function adjustBrightness(image: Uint8Array, delta: number): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = toByte(image[i] + delta);
  return out;
}

/**
 * Solarization: every pixel `>= threshold` becomes `255 - v`, the others stay. `threshold = 0` is the full
 * inversion (white background, black ink), which is its own inverse; `threshold > 255` returns a copy.
 */
export function invertImage(image: Uint8Array, threshold = 0): Uint8Array {
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = image[i] >= threshold ? 255 - image[i] : image[i];
  return out;
}
