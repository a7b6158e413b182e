import { describe, expect, it } from 'vitest';
import { mnistTestImages, pixel } from './__fixtures__/mnist-images.js';
import { gaussianBlur, motionBlur } from './blur.js';

const N = 28;
const data = await mnistTestImages(10);

describe('blur corruptions', () => {
  it('Gaussian blur matches a brute-force 2-D convolution with the full Gaussian kernel (within rounding)', () => {
    for (const sigma of [0.5, 1, 2]) {
      const image = data.image(1);
      const radius = Math.ceil(4 * sigma);
      let norm = 0;
      for (let d = -radius; d <= radius; d++) norm += Math.exp(-(d * d) / (2 * sigma * sigma));
      const out = gaussianBlur(image, N, N, sigma);
      for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
        let acc = 0;
        for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) {
          acc += (Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) / (norm * norm)) * pixel(image, N, N, x + dx, y + dy);
        }
        expect(Math.abs(out[y * N + x] - acc), `sigma ${sigma} at (${x}, ${y})`).toBeLessThanOrEqual(0.5 + 1e-3);
      }
    }
  });

  it('Gaussian blur keeps the ink mass of a centred digit and sigma 0 is the identity', () => {
    const image = data.image(2);
    const mass = (img: Uint8Array) => img.reduce((s, v) => s + v, 0);
    expect(Math.abs(mass(gaussianBlur(image, N, N, 1)) - mass(image))).toBeLessThan(0.5 * N * N);
    expect(gaussianBlur(image, N, N, 0)).toEqual(image);
  });

  it('horizontal and vertical motion blur are box means along rows and columns (brute force)', () => {
    const image = data.image(3);
    for (const [angle, length] of [[0, 3], [0, 5], [90, 5], [180, 3]] as const) {
      const out = motionBlur(image, N, N, length, angle);
      const half = (length - 1) / 2;
      for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
        let sum = 0;
        for (let t = -half; t <= half; t++) sum += angle === 90 ? pixel(image, N, N, x, y + t) : pixel(image, N, N, x + t, y);
        expect(Math.abs(out[y * N + x] - sum / length)).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
    expect(motionBlur(image, N, N, 1, 30)).toEqual(image);
  });
});
