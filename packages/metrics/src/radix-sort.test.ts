import { describe, expect, it } from 'vitest';
import { radixSortFloat32, radixSortFloat64 } from './radix-sort.js';
import { seeded } from './test-support/seeded-random.js';


describe('radixSortFloat32 sorts like a numeric comparison sort', () => {
  const random = seeded(11);
  const special = [0, 1, 1e-45, 1.1754943508222875e-38, 3.4028234663852886e38, 0.5, 0.5, 1e-7];
  const inputs: Array<[string, number[]]> = [
    ['uniform [0, 1)', Array.from({ length: 5000 }, () => random())],
    ['heavy ties on a grid', Array.from({ length: 3000 }, () => Math.floor(random() * 7) / 7)],
    [
      'wide exponent range incl. subnormals, 0, 1 and max',
      Array.from({ length: 4000 }, (_, i) =>
        i < special.length ? special[i] : random() ** 40 * 10 ** Math.floor(random() * 30),
      ),
    ],
    ['all equal', Array.from({ length: 100 }, () => 0.25)],
    ['single value', [0.3]],
  ];
  for (const [name, values] of inputs) {
    it(name, () => {
      const input = Float32Array.from(values);
      const expected = Array.from(input).sort((a, b) => a - b);
      const sorted = radixSortFloat32(input.slice());
      expect(Array.from(sorted)).toEqual(expected);
    });
  }

  it('sorts a subarray view in place without touching its neighbours', () => {
    const buffer = Float32Array.from([9, 3, 1, 2, 0, 8]);
    radixSortFloat32(buffer.subarray(1, 5));
    expect(Array.from(buffer)).toEqual([9, 0, 1, 2, 3, 8]);
  });
});

describe('radixSortFloat64 sorts like a numeric comparison sort', () => {
  const random = seeded(12);
  const special = [
    0, 1, -1, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 0.5, 0.5, -0.5,
  ];
  const inputs: Array<[string, number[]]> = [
    ['uniform [0, 1)', Array.from({ length: 5000 }, () => random())],
    ['normal-ish with negatives', Array.from({ length: 5000 }, () => (random() + random() + random() - 1.5) * 4)],
    ['heavy ties on a grid, both signs', Array.from({ length: 3000 }, () => Math.floor(random() * 9 - 4) / 3)],
    [
      'wide exponent range incl. subnormals and extremes',
      Array.from({ length: 4000 }, (_, i) =>
        i < special.length ? special[i] : (random() - 0.5) * 10 ** Math.floor(random() * 600 - 300),
      ),
    ],
    [
      'values that differ only in the lowest bits',
      Array.from({ length: 1000 }, (_, i) => 0.1 + ((i % 37) * Number.EPSILON) / 8),
    ],
    ['all equal', Array.from({ length: 200 }, () => -0.25)],
    ['short (native sort path)', [0.3, -2, 0.1]],
  ];
  for (const [name, values] of inputs) {
    it(name, () => {
      const expected = values.slice().sort((a, b) => a - b);
      const sorted = radixSortFloat64(Float64Array.from(values));
      expect(Array.from(sorted)).toEqual(expected);
    });
  }

  it('sorts a subarray view in place without touching its neighbours', () => {
    const values = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 300) - 150.5);
    const buffer = Float64Array.from([1e9, ...values, -1e9]);
    radixSortFloat64(buffer.subarray(1, 301));
    expect(Array.from(buffer)).toEqual([1e9, ...values.slice().sort((a, b) => a - b), -1e9]);
  });
});
