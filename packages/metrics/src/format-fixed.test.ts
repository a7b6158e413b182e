import { describe, expect, it } from 'vitest';
import { formatFixed } from './format-fixed.js';

describe('formatFixed rounds like Python format(x, ".Nf")', () => {
  // Expected strings printed by CPython 3.11: format(value, f".{digits}f").
  const cases: Array<[number, number, string]> = [
    [0.03125, 4, '0.0312'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [-0.125, 2, '-0.12'],
    [0, 4, '0.0000'],
    [-0, 2, '-0.00'],
    [1, 4, '1.0000'],
    [0.1, 4, '0.1000'],
    [0.30000000000000004, 1, '0.3'],
    [0.8133333333333334, 4, '0.8133'],
    [NaN, 4, 'nan'],
  ];
  for (const [value, digits, expected] of cases) {
    it(`${value} with ${digits} digits → ${expected}`, () => {
      expect(formatFixed(value, digits)).toBe(expected);
    });
  }
});
