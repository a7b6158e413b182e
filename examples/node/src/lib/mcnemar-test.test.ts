import { describe, expect, it } from 'vitest';
import { errorOverlap } from './error-overlap.js';
import { mcnemarTest } from './mcnemar-test.js';

/** Labels and two models' predictions with `b` examples only A gets right, `c` only B, `both` both right. */
function pairs(b: number, c: number, both: number, neither: number) {
  const labels: number[] = [];
  const a: number[] = [];
  const bb: number[] = [];
  const push = (aRight: boolean, bRight: boolean, count: number) => {
    for (let i = 0; i < count; i++) {
      labels.push(1);
      a.push(aRight ? 1 : 0);
      bb.push(bRight ? 1 : 2);
    }
  };
  push(true, false, b);
  push(false, true, c);
  push(true, true, both);
  push(false, false, neither);
  return { labels, a, b: bb };
}

describe('mcnemarTest', () => {
  it('exact binomial p-value below 25 discordant examples (hand-computed: 2 * (1 + 12 + 66) / 4096)', () => {
    const { labels, a, b } = pairs(10, 2, 50, 3);
    const result = mcnemarTest(labels, a, b);
    expect(result).toMatchObject({ onlyARight: 10, onlyBRight: 2, method: 'exact', statistic: 2 });
    expect(result.pValue).toBeCloseTo((2 * (1 + 12 + 66)) / 4096, 12);
  });

  it('identical models: p = 1', () => {
    const { labels, a } = pairs(0, 0, 20, 5);
    expect(mcnemarTest(labels, a, a).pValue).toBe(1);
  });

  it('χ² with continuity correction from 25 discordant examples on (standard normal table values)', () => {
    // (|60 − 40| − 1)² / 100 = 3.61 = 1.9²: p = P(|Z| > 1.9) = 2 · 0.0287166 (scipy.stats.chi2.sf(3.61, 1)).
    const first = pairs(60, 40, 900, 0);
    const result = mcnemarTest(first.labels, first.a, first.b);
    expect(result.method).toBe('chi-squared');
    expect(result.statistic).toBeCloseTo(3.61, 12);
    expect(result.pValue).toBeCloseTo(2 * 0.0287166, 6);
    // (|61 − 39| − 1)² / 100 = 4.41 = 2.1²: p = P(|Z| > 2.1) = 2 · 0.0178644.
    const second = pairs(61, 39, 0, 0);
    expect(mcnemarTest(second.labels, second.a, second.b).pValue).toBeCloseTo(2 * 0.0178644, 6);
  });
});

describe('errorOverlap', () => {
  it('counts the examples each pair of models gets wrong (brute force by hand)', () => {
    const labels = [0, 1, 2, 3, 4, 5];
    const m1 = [0, 0, 2, 0, 4, 5]; // wrong at 1, 3
    const m2 = [1, 0, 2, 3, 0, 5]; // wrong at 0, 1, 4
    const m3 = [0, 1, 2, 3, 4, 5]; // never wrong
    expect(errorOverlap(labels, [m1, m2, m3])).toEqual([
      [2, 1, 0],
      [1, 3, 0],
      [0, 0, 0],
    ]);
  });
});
