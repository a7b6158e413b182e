import { describe, expect, it } from 'vitest';
import { augmentImages } from './augment-images.js';
import { drawAugmentation } from './augment-options.js';
import { randomBytes, rot180, rot90, shifted } from './__fixtures__/reference.js';

const SIZE = 28;
const PIXELS = SIZE * SIZE;
const N = 4;
const bytes = randomBytes(N * PIXELS, 777);
const imageOf = (values: ArrayLike<number>, i: number, size = PIXELS): number[] =>
  Array.from({ length: size }, (_, p) => values[i * size + p]);

describe('augmentImages', () => {
  it('rotates bytes by 90° (nearest) and 180° exactly', () => {
    const quarter = augmentImages(bytes, { rotationDegrees: [90, 90], interpolation: 'nearest' });
    const half = augmentImages(bytes, { rotationDegrees: [-180, -180] });
    expect(quarter).toBeInstanceOf(Uint8Array);
    for (let i = 0; i < N; i++) {
      expect(imageOf(quarter, i)).toEqual(rot90(imageOf(bytes, i), SIZE));
      expect(imageOf(half, i)).toEqual(rot180(imageOf(bytes, i), SIZE, SIZE));
    }
  });

  it('shifts by whole pixels exactly on a non-square image', () => {
    const rows = 10;
    const cols = 15;
    const images = randomBytes(3 * rows * cols, 5);
    const out = augmentImages(images, { rows, cols, shift: { x: [-4, -4], y: [1, 1] }, fill: 17 });
    for (let i = 0; i < 3; i++) {
      expect(imageOf(out, i, rows * cols)).toEqual(shifted(imageOf(images, i, rows * cols), rows, cols, -4, 1, 17));
    }
  });

  it('returns an equal copy for identity parameters and for elastic alpha 0', () => {
    const identity = augmentImages(bytes, { rotationDegrees: 0, shift: 0, zoom: [1, 1], shear: [0, 0], seed: 1 });
    expect(identity).not.toBe(bytes);
    expect(Array.from(identity)).toEqual(Array.from(bytes));
    const elastic = augmentImages(bytes, { elastic: { alpha: 0, sigma: 4 }, seed: 2 });
    expect(Array.from(elastic)).toEqual(Array.from(bytes));
  });

  it('keeps bytes in 0..255 with strong noise, and is deterministic per seed', () => {
    const options = { rotationDegrees: 20, elastic: { alpha: 34, sigma: 4 }, noise: 200, seed: 11 };
    const a = augmentImages(bytes, options);
    const b = augmentImages(bytes, options);
    const c = augmentImages(bytes, { ...options, seed: 12 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // Heavy noise must saturate some pixels at both ends instead of wrapping around.
    expect(a.includes(0)).toBe(true);
    expect(a.includes(255)).toBe(true);
  });

  it('distorts elastically (Simard: alpha 34, sigma 4) while keeping the ink roughly constant', () => {
    const out = augmentImages(bytes, { elastic: { alpha: 34, sigma: 4 }, seed: 3 });
    let changed = 0;
    let inkBefore = 0;
    let inkAfter = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (out[i] !== bytes[i]) changed++;
      inkBefore += bytes[i];
      inkAfter += out[i];
    }
    expect(changed).toBeGreaterThan(bytes.length / 2);
    expect(Math.abs(inkAfter - inkBefore) / inkBefore).toBeLessThan(0.25);
  });

  it('exposes its random draws: per-image parameters within the requested ranges', () => {
    const { params, fields, noise } = drawAugmentation({ rotationDegrees: [5, 15], shift: { x: 2 }, zoom: 0.1, seed: 3 }, { count: 50 });
    expect(params).toHaveLength(50);
    expect(fields).toBeUndefined();
    expect(noise).toBeUndefined();
    for (const p of params) {
      expect(p.rotationDegrees).toBeGreaterThanOrEqual(5);
      expect(p.rotationDegrees).toBeLessThanOrEqual(15);
      expect(Math.abs(p.shiftX)).toBeLessThanOrEqual(2);
      expect(p.shiftY).toBe(0);
      expect(p.zoom).toBeGreaterThanOrEqual(0.9);
      expect(p.zoom).toBeLessThanOrEqual(1.1);
      expect(p.shearDegrees).toBe(0);
    }
    expect(new Set(params.map((p) => p.rotationDegrees)).size).toBe(50);
  });

  it('follows Simard et al.: Gaussian-smoothed random fields times alpha, bilinear resampling (2-D reference)', () => {
    const rows = 12;
    const cols = 10;
    const count = 2;
    const size = rows * cols;
    const images = Float32Array.from(randomBytes(count * size, 99, 0.5), (v) => v / 255);
    const alpha = 5;
    const sigma = 1.5;
    const options = { rows, cols, elastic: { alpha, sigma }, seed: 42 };
    const out = augmentImages(images, options);
    // The same raw uniform fields, straight from the seeded draws.
    const { fields } = drawAugmentation({ elastic: { alpha, sigma }, seed: 42 }, { count, rows, cols });
    const r = Math.ceil(4 * sigma);
    let norm = 0;
    for (let k = -r; k <= r; k++) for (let l = -r; l <= r; l++) norm += Math.exp(-(k * k + l * l) / (2 * sigma * sigma));
    const smooth = (plane: number, y: number, x: number): number => {
      let acc = 0;
      for (let k = -r; k <= r; k++) {
        for (let l = -r; l <= r; l++) {
          const yy = y + k;
          const xx = x + l;
          if (yy >= 0 && yy < rows && xx >= 0 && xx < cols) acc += Math.exp(-(k * k + l * l) / (2 * sigma * sigma)) * fields![plane * size + yy * cols + xx];
        }
      }
      return acc / norm;
    };
    let maxError = 0;
    for (let i = 0; i < count; i++) {
      const pixel = (x: number, y: number): number => (x >= 0 && x < cols && y >= 0 && y < rows ? images[i * size + y * cols + x] : 0);
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < cols; x++) {
          const sx = x + alpha * smooth(2 * i, y, x);
          const sy = y + alpha * smooth(2 * i + 1, y, x);
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const ax = sx - x0;
          const ay = sy - y0;
          const expected = (1 - ax) * (1 - ay) * pixel(x0, y0) + ax * (1 - ay) * pixel(x0 + 1, y0)
            + (1 - ax) * ay * pixel(x0, y0 + 1) + ax * ay * pixel(x0 + 1, y0 + 1);
          maxError = Math.max(maxError, Math.abs(out[i * size + y * cols + x] - expected));
        }
      }
    }
    expect(maxError).toBeLessThan(1e-5);
  });

  it('rejects bad input before any work', () => {
    expect(() => augmentImages([1, 2, 3] as unknown as Uint8Array)).toThrow(/augmentImages: expected images to be a Uint8Array or Float32Array/);
    expect(() => augmentImages(new Uint8Array(100))).toThrow(/multiple of 28x28 = 784, got 100/);
    expect(() => augmentImages(Float32Array.of(0, Number.NaN, 0, 0), { rows: 2, cols: 2 })).toThrow(/finite pixel values, got NaN at index 1/);
    expect(() => augmentImages(bytes, { rows: 0 })).toThrow(/options.rows/);
    expect(() => augmentImages(bytes, { elastic: { alpha: 3, sigma: -2 } })).toThrow(/sigma >= 0/);
    expect(() => augmentImages(bytes, { rotationDegrees: [10, Number.POSITIVE_INFINITY] })).toThrow(RangeError);
    expect(() => augmentImages(bytes, { seed: Number.NaN })).toThrow(/options.seed/);
    expect(() => augmentImages(bytes, { clip: [1, 0] })).toThrow(/options.clip/);
    expect(() => drawAugmentation({ shear: 100 }, { count: 1 })).toThrow(/drawAugmentation: expected options.shear/);
    expect(() => drawAugmentation({}, { count: -1 })).toThrow(/drawAugmentation: expected shape.count/);
  });
});
