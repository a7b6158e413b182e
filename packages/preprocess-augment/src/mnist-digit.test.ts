import { loadMnist } from '@digitkit/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { toMnistDigit } from './mnist-digit.js';
import { rgbaToGray } from './to-gray-image.js';

/** Upscales a 28x28 MNIST digit by `scale` onto a larger canvas at an offset, in either polarity, as RGBA. */
function paint(digit: Uint8Array, options: { scale: number; left: number; top: number; darkOnLight: boolean }) {
  const width = 28 * options.scale + options.left + 17;
  const height = 28 * options.scale + options.top + 9;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x - options.left) / options.scale);
      const sy = Math.floor((y - options.top) / options.scale);
      const ink = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? digit[sy * 28 + sx] : 0;
      const v = options.darkOnLight ? 255 - ink : ink;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { rgba, width, height };
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('toMnistDigit', () => {
  it('maps a filled 40x80 dark rectangle on white to a 10x20 block centred on pixel 14', () => {
    const width = 120;
    const height = 150;
    const data = new Float64Array(width * height).fill(255);
    for (let y = 30; y < 110; y++) for (let x = 50; x < 90; x++) data[y * width + x] = 0;
    const digit = toMnistDigit({ width, height, data });
    expect(digit.inverted).toBe(true);
    expect(digit.box).toEqual({ x: 50, y: 30, width: 40, height: 80 });
    let count = 0;
    let sumX = 0;
    let sumY = 0;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        if (digit.pixels[y * 28 + x] === 0) continue;
        expect(digit.pixels[y * 28 + x]).toBe(255);
        count++;
        sumX += x;
        sumY += y;
      }
    }
    expect(count).toBe(200);
    expect(Math.abs(sumX / count - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(sumY / count - 14)).toBeLessThanOrEqual(0.5);
  });

  it('recovers real MNIST test digits from upscaled, off-centre copies in both polarities', async () => {
    const { test } = await loadMnist({ limit: 50 });
    const correlations: number[] = [];
    for (let i = 0; i < test.count; i++) {
      const original = test.images.subarray(i * 784, (i + 1) * 784);
      for (const darkOnLight of [true, false]) {
        const { rgba, width, height } = paint(original, { scale: 4, left: 23 + i, top: 5, darkOnLight });
        const digit = toMnistDigit(rgbaToGray(rgba, width, height));
        expect(digit.inverted).toBe(darkOnLight);
        correlations.push(correlation(digit.pixels, original));
      }
    }
    // MNIST digits were made by this very procedure (fit 20x20, centre by mass), so the round trip nearly
    // reproduces them; a few lose a pixel of alignment to rounding.
    correlations.sort((a, b) => a - b);
    expect(correlations[Math.floor(correlations.length / 2)]).toBeGreaterThan(0.97);
    expect(correlations[0]).toBeGreaterThan(0.5);
  });

  it('treats transparent pixels as background', () => {
    const rgba = new Uint8Array(30 * 30 * 4);
    for (let y = 5; y < 25; y++) for (let x = 13; x < 17; x++) rgba.set([0, 0, 0, 255], (y * 30 + x) * 4);
    const digit = toMnistDigit(rgbaToGray(rgba, 30, 30));
    expect(digit.inverted).toBe(true);
    expect(digit.box).toEqual({ x: 13, y: 5, width: 4, height: 20 });
  });

  it('rejects blank images and mismatched buffers', () => {
    expect(() => toMnistDigit({ width: 10, height: 10, data: new Float64Array(100).fill(200) })).toThrow(/no digit found/);
    expect(() => toMnistDigit({ width: 10, height: 10, data: new Float64Array(99) })).toThrow(RangeError);
    expect(() => rgbaToGray(new Uint8Array(10), 2, 2)).toThrow(/expected 16 bytes for 2x2 RGBA, got 10/);
  });
});
