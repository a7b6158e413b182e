import { describe, expect, it } from 'vitest';
import { mnistTestImages } from './__fixtures__/mnist-images.js';
import { adjustBrightness, adjustContrast, invertImage } from './intensity.js';

const data = await mnistTestImages(10);

describe('intensity corruptions', () => {
  it('full inversion is 255 - v, and inverting twice is the identity', () => {
    const image = data.image(0);
    const inverted = invertImage(image);
    expect(Array.from(inverted)).toEqual(Array.from(image, (v) => 255 - v));
    expect(invertImage(inverted)).toEqual(image);
    expect(invertImage(image, 256)).toEqual(image);
  });

  it('solarization inverts exactly the pixels at or above the threshold', () => {
    const image = data.image(1);
    const out = invertImage(image, 153);
    image.forEach((v, i) => expect(out[i]).toBe(v >= 153 ? 255 - v : v));
  });

  it('contrast keeps the mean (within rounding) and scales deviations from it', () => {
    const image = data.image(2);
    const mean = image.reduce((s, v) => s + v, 0) / image.length;
    const out = adjustContrast(image, 0.2);
    expect(Math.abs(out.reduce((s, v) => s + v, 0) / out.length - mean)).toBeLessThanOrEqual(0.5);
    image.forEach((v, i) => expect(Math.abs(out[i] - (mean + 0.2 * (v - mean)))).toBeLessThanOrEqual(0.5));
    expect(adjustContrast(image, 1)).toEqual(image);
  });

  it('brightness adds and saturates at 255', () => {
    const image = data.image(3);
    const out = adjustBrightness(image, 51);
    image.forEach((v, i) => expect(out[i]).toBe(Math.min(255, v + 51)));
    expect(adjustBrightness(image, 0)).toEqual(image);
  });
});
