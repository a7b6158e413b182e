import { describe, expect, it } from 'vitest';
import type { DigitDataset } from './digit-dataset.js';
import { subsetDataset } from './subset-dataset.js';

// Four 2x2 images whose pixels encode (example, pixel) as 10 * example + pixel.
const ds: DigitDataset = {
  images: new Uint8Array([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33]),
  labels: new Uint8Array([4, 5, 6, 7]),
  count: 4,
  rows: 2,
  cols: 2,
  numClasses: 10,
};

describe('subsetDataset', () => {
  it('copies the chosen examples in the given order, repeats allowed', () => {
    const subset = subsetDataset(ds, [3, 0, 3]);
    expect(subset.count).toBe(3);
    expect(Array.from(subset.images)).toEqual([30, 31, 32, 33, 0, 1, 2, 3, 30, 31, 32, 33]);
    expect(Array.from(subset.labels)).toEqual([7, 4, 7]);
    expect([subset.rows, subset.cols, subset.numClasses]).toEqual([2, 2, 10]);
    subset.images[0] = 99;
    expect(ds.images[12]).toBe(30);
  });

  it('accepts typed arrays and an empty list', () => {
    expect(Array.from(subsetDataset(ds, new Uint32Array([1])).labels)).toEqual([5]);
    expect(subsetDataset(ds, []).count).toBe(0);
  });

  it('rejects out-of-range or fractional indices before copying', () => {
    expect(() => subsetDataset(ds, [0, 4])).toThrow(/subsetDataset: expected indices\[1\] to be an integer in 0..3, got 4/);
    expect(() => subsetDataset(ds, [-1])).toThrow(RangeError);
    expect(() => subsetDataset(ds, [0.5])).toThrow(RangeError);
    expect(() => subsetDataset(ds, null as never)).toThrow(TypeError);
    expect(() => subsetDataset({ ...ds, images: new Uint8Array(3) }, [0])).toThrow(/expected dataset.images to have 16 bytes \(4x2x2\), got 3/);
  });
});
