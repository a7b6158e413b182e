import { describe, expect, it } from 'vitest';
import { loadMnist } from '@digitkit/mnist-data/node';
import { PNG } from 'pngjs';
import { rgbaToGray, toMnistDigit, type GrayImage } from './digit-image.js';
import { mnistToPng } from './test-png.js';

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function decode(buffer: Buffer): GrayImage {
  const png = PNG.sync.read(buffer);
  return rgbaToGray(png.data, png.width, png.height);
}

describe('toMnistDigit', () => {
  it('maps a filled 40x80 rectangle to a 10x20 block centred on pixel 14', () => {
    const width = 120;
    const height = 150;
    const data = new Float64Array(width * height).fill(255);
    for (let y = 30; y < 110; y++) for (let x = 50; x < 90; x++) data[y * width + x] = 0;
    const digit = toMnistDigit({ width, height, data });
    expect(digit.inverted).toBe(true);
    expect(digit.box).toEqual({ x: 50, y: 30, width: 40, height: 80 });
    const on: Array<[number, number]> = [];
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) if (digit.pixels[y * 28 + x] > 0) on.push([x, y]);
    expect(on.length).toBe(10 * 20);
    const xs = on.map(([x]) => x);
    const ys = on.map(([, y]) => y);
    // A 10-wide block with mass centre at index 14 spans 9.5..18.5 → columns 9..18 or 10..19 after rounding.
    expect(Math.max(...ys) - Math.min(...ys)).toBe(19);
    expect(Math.max(...xs) - Math.min(...xs)).toBe(9);
    expect(Math.abs((Math.min(...ys) + Math.max(...ys)) / 2 - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((Math.min(...xs) + Math.max(...xs)) / 2 - 14)).toBeLessThanOrEqual(0.5);
  });

  it('recovers MNIST test images from upscaled, off-centre PNGs in both polarities', async () => {
    const { test } = await loadMnist({ limit: 100 });
    const correlations: number[] = [];
    for (let i = 0; i < test.count; i++) {
      const original = test.images.subarray(i * 784, (i + 1) * 784);
      for (const polarity of ['dark-on-light', 'light-on-dark'] as const) {
        const digit = toMnistDigit(decode(mnistToPng(original, { polarity, scale: 3 })));
        expect(digit.inverted).toBe(polarity === 'dark-on-light');
        correlations.push(correlation(original, digit.pixels));
      }
    }
    correlations.sort((a, b) => a - b);
    const median = correlations[Math.floor(correlations.length / 2)];
    // MNIST images were made by this very procedure, so the round trip nearly reproduces them.
    expect(median).toBeGreaterThan(0.97);
  });

  it('treats transparent pixels as background (dark strokes on a transparent canvas)', () => {
    const png = new PNG({ width: 60, height: 60 });
    png.data.fill(0); // fully transparent black
    for (let y = 10; y < 50; y++) {
      for (let x = 28; x < 33; x++) {
        const o = 4 * (y * 60 + x);
        png.data[o + 3] = 255; // opaque black stroke
      }
    }
    const digit = toMnistDigit(rgbaToGray(png.data, 60, 60));
    expect(digit.inverted).toBe(true);
    expect(digit.box).toEqual({ x: 28, y: 10, width: 5, height: 40 });
  });

  it('rejects images without ink and mismatched buffers', () => {
    expect(() => toMnistDigit({ width: 10, height: 10, data: new Float64Array(100).fill(200) })).toThrow(/no digit found/);
    expect(() => rgbaToGray(new Uint8Array(10), 2, 2)).toThrow(RangeError);
  });
});
