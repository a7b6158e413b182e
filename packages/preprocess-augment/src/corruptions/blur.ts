import { gaussianKernel } from '../internal/gaussian-kernel.js';
import { sampleAt, smoothPlanes, type SampleSettings } from '../internal/sample-image.js';
import { toByteImage } from './image-buffer.js';

const BILINEAR_ZERO: SampleSettings = { interpolation: 'bilinear', fill: 0 };

/**
 * Gaussian blur: a separable convolution with a normalized Gaussian of standard deviation `sigma` pixels
 * (truncated at 4 sigma), zero padding outside the image (the MNIST background), rounded to bytes.
 *
 * @param sigma - Standard deviation in pixels, >= 0; 0 returns a copy.
 */
export function gaussianBlur(image: Uint8Array, rows: number, cols: number, sigma: number): Uint8Array {
  if (sigma === 0) return image.slice();
  const values = Float32Array.from(image);
  smoothPlanes(values, 1, rows, cols, gaussianKernel(sigma, Math.max(rows, cols) - 1));
  return toByteImage(values);
}

/**
 * Motion blur: every output pixel is the mean of `length` bilinear samples spaced one pixel apart on a segment
 * centred on it, at `angleDegrees` counter-clockwise from the x axis as seen on screen (0 = horizontal streak);
 * outside the image reads 0.
 *
 * @param length - Number of samples (the streak length in pixels), an integer >= 1; 1 returns a copy.
 */
export function motionBlur(image: Uint8Array, rows: number, cols: number, length: number, angleDegrees: number): Uint8Array {
  if (length <= 1) return image.slice();
  const angle = (angleDegrees * Math.PI) / 180;
  const stepX = Math.cos(angle);
  const stepY = -Math.sin(angle); // screen y points down
  const half = (length - 1) / 2;
  const values = new Float32Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let sum = 0;
      for (let k = 0; k < length; k++) {
        const t = k - half;
        sum += sampleAt(image, 0, rows, cols, x + t * stepX, y + t * stepY, BILINEAR_ZERO);
      }
      values[y * cols + x] = sum / length;
    }
  }
  return toByteImage(values);
}
