import { loadMnist } from '@digitkit/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { writePng } from './__fixtures__/png-writer.js';
import { toMnistDigit } from './mnist-digit.js';
import { decodePng } from './png/decode-png.js';
import { rgbaToGray, toGrayImage } from './to-gray-image.js';

describe('toGrayImage', () => {
  it('keeps gray, weighs RGB with the ITU-R 601 luma (0.299, 0.587, 0.114), and equals rgbaToGray on RGBA', () => {
    expect(Array.from(toGrayImage({ data: Uint8Array.of(0, 7, 255), width: 3, height: 1, channels: 1 }).data)).toEqual([0, 7, 255]);
    const rgb = toGrayImage({ data: Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255), width: 3, height: 1, channels: 3 });
    expect(Array.from(rgb.data)).toEqual([0.299 * 255, 0.587 * 255, 0.114 * 255]);
    const rgba = Uint8Array.of(10, 20, 30, 255, 200, 100, 0, 128, 0, 0, 0, 0, 255, 255, 255, 255);
    expect(toGrayImage({ data: rgba, width: 2, height: 2, channels: 4 })).toEqual(rgbaToGray(rgba, 2, 2));
  });

  it('composites alpha over the background opposite to the strokes (gray + alpha as RGBA)', () => {
    // Dark opaque strokes on a transparent canvas → white paper; a half-transparent black pixel → mid gray.
    const data = Uint8Array.of(0, 255, 0, 0, 0, 128, 0, 0);
    const gray = toGrayImage({ data, width: 4, height: 1, channels: 2 });
    expect(gray.data[0]).toBe(0);
    expect(gray.data[1]).toBe(255);
    expect(gray.data[2]).toBeCloseTo(255 * (1 - 128 / 255), 10);
    expect(gray.data[3]).toBe(255);
  });

  it('turns a decoded PNG of a real MNIST digit (dark ink on a transparent canvas, 3x) back into the digit', async () => {
    const { test } = await loadMnist({ limit: 20 });
    for (let i = 0; i < test.count; i++) {
      const digit = test.images.subarray(i * 784, (i + 1) * 784);
      const png = writePng({
        width: 28 * 3 + 10, height: 28 * 3 + 10, bitDepth: 8, colorType: 4, seed: i,
        sample: (x, y, k) => {
          const sx = Math.floor((x - 5) / 3);
          const sy = Math.floor((y - 5) / 3);
          const ink = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? digit[sy * 28 + sx] : 0;
          return k === 0 ? 0 : ink; // black, with the ink as opacity
        },
      });
      const result = toMnistDigit(toGrayImage(decodePng(png)));
      expect(result.inverted).toBe(true);
      let agree = 0;
      for (let p = 0; p < 784; p++) if ((result.pixels[p] > 127) === (digit[p] > 127)) agree++;
      expect(agree / 784).toBeGreaterThan(0.9);
    }
  });

  it('reads a canvas ImageData as is (no channels field: 4 bytes per pixel)', () => {
    const imageData = { data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]), width: 2, height: 1, colorSpace: 'srgb' };
    expect(toGrayImage(imageData)).toEqual(rgbaToGray(imageData.data, 2, 1));
    expect(() => toGrayImage({ data: new Uint8Array(10), width: 2, height: 2 })).toThrow(/1 to 4 bytes per pixel of 2x2/);
  });

  it('checks its argument', () => {
    expect(() => toGrayImage({ data: new Uint8Array(5), width: 2, height: 1, channels: 3 })).toThrow(/expected 6 bytes for 2x1 RGB, got 5/);
    expect(() => toGrayImage({ data: new Uint8Array(4), width: 2, height: 2, channels: 5 as 4 })).toThrow(/image.channels/);
    expect(() => toGrayImage({ data: [1, 2] as never, width: 2, height: 1, channels: 1 })).toThrow(TypeError);
  });
});
