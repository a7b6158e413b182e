import { describe, expect, it } from 'vitest';
import { checkDataset } from './check-dataset.js';
import type { DigitDataset } from './digit-dataset.js';

function dataset(overrides: Partial<DigitDataset> = {}): DigitDataset {
  const count = 3;
  return {
    images: new Uint8Array(count * 2 * 2),
    labels: Uint8Array.from([0, 1, 2]),
    count,
    rows: 2,
    cols: 2,
    numClasses: 3,
    ...overrides,
  };
}

describe('checkDataset', () => {
  it('returns a consistent dataset unchanged', () => {
    const data = dataset();
    expect(checkDataset('f', data)).toBe(data);
  });

  it('refuses non-objects and non-Uint8Array fields with TypeError', () => {
    expect(() => checkDataset('f', null)).toThrow(new TypeError('f: expected dataset to be a DigitDataset, got null'));
    expect(() => checkDataset('f', [1])).toThrow(TypeError);
    expect(() => checkDataset('f', dataset({ images: new Float32Array(12) as never }))).toThrow(
      'f: expected dataset.images to be a Uint8Array, got a Float32Array of length 12',
    );
    expect(() => checkDataset('f', dataset({ count: '3' as never }))).toThrow(TypeError);
  });

  it('refuses counts and sizes that disagree, with RangeError and both numbers', () => {
    expect(() => checkDataset('trainClassifier', dataset({ labels: Uint8Array.from([0, 1]) }))).toThrow(
      new RangeError('trainClassifier: expected dataset.labels to have 3 entries (dataset.count), got 2'),
    );
    expect(() => checkDataset('f', dataset({ images: new Uint8Array(11) }))).toThrow(
      'f: expected dataset.images to have 12 bytes (3x2x2), got 11',
    );
    expect(() => checkDataset('f', dataset({ rows: 0 }))).toThrow('f: expected dataset.rows to be an integer ≥ 1, got 0');
    expect(() => checkDataset('f', dataset({ numClasses: 1.5 }))).toThrow(RangeError);
  });

  it('refuses empty data sets unless allowEmpty, under the name given', () => {
    const empty = dataset({ images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 });
    expect(() => checkDataset('f', empty, { name: 'test' })).toThrow('f: expected test.count to be an integer ≥ 1, got 0');
    expect(checkDataset('f', empty, { allowEmpty: true })).toBe(empty);
  });

  it('refuses labels at or above numClasses, naming the first index, unless checkLabels is false', () => {
    const bad = dataset({ labels: Uint8Array.from([0, 3, 9]) });
    expect(() => checkDataset('f', bad)).toThrow(
      new RangeError('f: expected dataset.labels below dataset.numClasses = 3, got 3 at index 1'),
    );
    expect(checkDataset('f', bad, { checkLabels: false })).toBe(bad);
  });
});
