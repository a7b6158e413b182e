import { describe, expect, it } from 'vitest';
import { subsetDataset } from './subset-dataset.js';

function numbered(count: number) {
  // Example i is a 2x3 image whose pixels are all i, with label i % 4.
  const images = new Uint8Array(count * 6);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    images.fill(i, i * 6, i * 6 + 6);
    labels[i] = i % 4;
  }
  return { images, labels, count, rows: 2, cols: 3, numClasses: 4 };
}

describe('subsetDataset', () => {
  it('copies the examples at the indices, in order, repeats allowed', () => {
    const ds = numbered(10);
    const sub = subsetDataset(ds, Uint32Array.of(7, 2, 2, 9));
    expect(sub.count).toBe(4);
    expect([sub.rows, sub.cols, sub.numClasses]).toEqual([2, 3, 4]);
    expect(Array.from(sub.labels)).toEqual([3, 2, 2, 1]);
    for (const [k, i] of [7, 2, 2, 9].entries()) {
      expect(Array.from(sub.images.subarray(k * 6, k * 6 + 6))).toEqual(new Array(6).fill(i));
    }
    sub.images[0] = 99;
    expect(ds.images[7 * 6]).toBe(7); // a copy, not a view
    expect(subsetDataset(ds, []).count).toBe(0);
  });

  it('checks every index before allocating anything', () => {
    const ds = numbered(10);
    expect(() => subsetDataset(ds, [0, 10])).toThrow(/^subsetDataset: expected indices\[1\] to be an integer in 0\.\.9, got 10$/);
    expect(() => subsetDataset(ds, [-1])).toThrow(RangeError);
    expect(() => subsetDataset(ds, [0.5])).toThrow(RangeError);
    expect(() => subsetDataset(ds, [Number.NaN])).toThrow(RangeError);
    expect(() => subsetDataset(ds, ['1'] as never)).toThrow(TypeError);
    expect(() => subsetDataset(ds, null as never)).toThrow(TypeError);
    expect(() => subsetDataset(ds, 3 as never)).toThrow(TypeError);
    expect(() => subsetDataset({ ...numbered(0) }, [0])).toThrow(/none \(the data set is empty\)/);
    expect(() => subsetDataset({ ...ds, count: 11 }, [0])).toThrow(RangeError);
    expect(() => subsetDataset(null as never, [0])).toThrow(TypeError);
  });
});
