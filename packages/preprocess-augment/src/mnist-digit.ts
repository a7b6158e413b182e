/**
 * Turns an arbitrary photo, scan or canvas drawing of one digit into an MNIST-style 28x28 image:
 * grayscale → detect polarity → crop to the ink → scale to fit 20x20 (aspect kept, area-averaged)
 * → center by mass in 28x28 — the procedure LeCun et al. used to build MNIST.
 */

import { checkInteger, checkOptions, describeValue } from '@digitkit/core';
import type { GrayImage } from './to-gray-image.js';

/** Result of {@link toMnistDigit}. */
export interface MnistDigit {
  /** 28*28 bytes, 0..255, white ink on black like MNIST. */
  pixels: Uint8Array;
  /** Whether the input was dark ink on a light background (and was inverted). */
  inverted: boolean;
  /** Bounding box of the ink in the input, in input pixels. */
  box: { x: number; y: number; width: number; height: number };
}

/** Median of the outermost ring of pixels: the background level. */
function borderMedian(image: GrayImage): number {
  const { width, height, data } = image;
  const values: number[] = [];
  for (let x = 0; x < width; x++) {
    values.push(data[x], data[(height - 1) * width + x]);
  }
  for (let y = 1; y < height - 1; y++) {
    values.push(data[y * width], data[y * width + width - 1]);
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/**
 * MNIST-style normalization of one digit image, either polarity: the background level is the median of the
 * border pixels; ink darker than a light background is inverted. Crops to the ink (after dropping faint noise
 * below 15% of the strongest ink), scales the box so its longer side is `fit` pixels (area averaging, aspect kept)
 * and places its center of mass at the center of a `size`×`size` canvas.
 *
 * @param image - Grayscale pixels 0..255 (see `toGrayImage` for colour, alpha or decoded PNGs).
 * @param options - `fit` (default 20) and `size` (default 28), as in MNIST.
 * @returns `pixels`: `size*size` bytes, white ink on black scaled so the strongest ink is 255.
 * @throws RangeError when the image has no ink (blank, or uniform colour) or `data` does not hold width*height values.
 */
export function toMnistDigit(image: GrayImage, options: { fit?: number; size?: number } = {}): MnistDigit {
  const fn = 'toMnistDigit';
  checkOptions(fn, options, ['fit', 'size']);
  const size = checkInteger(fn, 'options.size', options.size ?? 28, { min: 1, max: 4096 });
  const fit = checkInteger(fn, 'options.fit', options.fit ?? 20, { min: 1, max: size });
  if (image === null || typeof image !== 'object') {
    throw new TypeError(`${fn}: expected image to be { width, height, data }, got ${describeValue(image)}`);
  }
  const { width, height, data } = image;
  checkInteger(fn, 'image.width', width, { min: 1 });
  checkInteger(fn, 'image.height', height, { min: 1 });
  if (!ArrayBuffer.isView(data) && !Array.isArray(data)) {
    throw new TypeError(`${fn}: expected image.data to be an array of width x height gray values, got ${describeValue(data)}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`${fn}: expected image.data[${i}] to be a finite number, got ${describeValue(data[i])}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(`toMnistDigit: expected ${width}x${height} = ${width * height} pixels, got ${data.length}`);
  }
  const background = borderMedian(image);
  const inverted = background >= 128;
  // Ink strength relative to the background, clipped at 0.
  const ink = new Float64Array(width * height);
  let maxInk = 0;
  for (let i = 0; i < ink.length; i++) {
    const v = inverted ? background - data[i] : data[i] - background;
    ink[i] = v > 0 ? v : 0;
    if (ink[i] > maxInk) maxInk = ink[i];
  }
  if (maxInk < 32) {
    throw new RangeError('toMnistDigit: no digit found (the image has no ink that stands out from its background)');
  }
  // Remove faint paper noise, then normalize the ink to [0, 1].
  const floor = 0.15 * maxInk;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = ink[i] <= floor ? 0 : (ink[i] - floor) / (maxInk - floor);
      ink[i] = v;
      if (v > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const boxWidth = x1 - x0 + 1;
  const boxHeight = y1 - y0 + 1;
  // Scale the box so its longer side is `fit` pixels (area averaging: each target pixel integrates
  // the source area it covers, which anti-aliases like the NIST → MNIST conversion).
  const scale = fit / Math.max(boxWidth, boxHeight);
  const targetWidth = Math.max(1, Math.round(boxWidth * scale));
  const targetHeight = Math.max(1, Math.round(boxHeight * scale));
  const scaled = new Float64Array(targetWidth * targetHeight);
  const stepX = boxWidth / targetWidth;
  const stepY = boxHeight / targetHeight;
  for (let ty = 0; ty < targetHeight; ty++) {
    const sy0 = ty * stepY;
    const sy1 = sy0 + stepY;
    for (let tx = 0; tx < targetWidth; tx++) {
      const sx0 = tx * stepX;
      const sx1 = sx0 + stepX;
      let sum = 0;
      for (let sy = Math.floor(sy0); sy < Math.ceil(sy1); sy++) {
        const wy = Math.min(sy + 1, sy1) - Math.max(sy, sy0);
        if (wy <= 0) continue;
        const row = (y0 + sy) * width + x0;
        for (let sx = Math.floor(sx0); sx < Math.ceil(sx1); sx++) {
          const wx = Math.min(sx + 1, sx1) - Math.max(sx, sx0);
          if (wx <= 0) continue;
          sum += wx * wy * ink[row + sx];
        }
      }
      scaled[ty * targetWidth + tx] = sum / (stepX * stepY);
    }
  }
  // Center of mass of the scaled digit → placed at the center of the size x size canvas.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < targetHeight; y++) {
    for (let x = 0; x < targetWidth; x++) {
      const v = scaled[y * targetWidth + x];
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  }
  cx /= mass;
  cy /= mass;
  // MNIST puts the mass centre on pixel index size/2 (14 for 28x28).
  const offsetX = Math.round(size / 2 - cx);
  const offsetY = Math.round(size / 2 - cy);
  const canvas = new Float64Array(size * size);
  let canvasMax = 0;
  for (let y = 0; y < targetHeight; y++) {
    const cyy = y + offsetY;
    if (cyy < 0 || cyy >= size) continue;
    for (let x = 0; x < targetWidth; x++) {
      const cxx = x + offsetX;
      if (cxx < 0 || cxx >= size) continue;
      const v = scaled[y * targetWidth + x];
      canvas[cyy * size + cxx] = v;
      if (v > canvasMax) canvasMax = v;
    }
  }
  const pixels = new Uint8Array(size * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round((255 * canvas[i]) / canvasMax);
  return { pixels, inverted, box: { x: x0, y: y0, width: boxWidth, height: boxHeight } };
}
