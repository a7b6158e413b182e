import { describe, expect, it } from 'vitest';
import { errorOverlap } from './error-overlap.js';
import { mcnemarTest } from './mcnemar-test.js';
import { seeded } from './test-support/seeded-random.js';

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
  // p-values from scipy 1.10 (Debian's python3-scipy): 2·binom.cdf(min(b,c), b+c, 0.5) below 25 discordant
  // examples, else chi2.sf((|b−c|−1)²/(b+c), 1) — statsmodels' mcnemar with correction=True.
  const scipy: Array<[number, number, 'exact' | 'chi-squared', number, number]> = [
    [10, 2, 'exact', 2, 0.03857421875],
    [13, 11, 'exact', 11, 0.8388197422027588],
    [60, 40, 'chi-squared', 3.61, 0.05743311963200335],
    [61, 39, 'chi-squared', 4.41, 0.03572884112563301],
    [300, 250, 'chi-squared', 4.365454545454545, 0.03667469760670498],
    [0, 30, 'chi-squared', 28.033333333333335, 1.1924366854416797e-7],
  ];
  it('matches scipy on exact and χ² cases', () => {
    for (const [b, c, method, statistic, pValue] of scipy) {
      const data = pairs(b, c, 50, 3);
      const result = mcnemarTest(data.labels, data.a, data.b);
      expect(result).toMatchObject({ onlyARight: b, onlyBRight: c, method });
      expect(result.statistic).toBeCloseTo(statistic, 12);
      expect(Math.abs(result.pValue - pValue) / pValue).toBeLessThan(2e-7);
    }
  });

  it('is symmetric in the two models and gives p = 1 for identical models', () => {
    const data = pairs(40, 25, 100, 10);
    expect(mcnemarTest(data.labels, data.a, data.b).pValue).toBe(mcnemarTest(data.labels, data.b, data.a).pValue);
    expect(mcnemarTest(data.labels, data.a, data.a).pValue).toBe(1);
  });

  it('refuses mismatched lengths and bad labels', () => {
    expect(() => mcnemarTest([1, 2], [1], [1, 2])).toThrow(RangeError);
    expect(() => mcnemarTest([1, 2], [1, 2], [1])).toThrow(/mcnemarTest/);
    expect(() => mcnemarTest([], [], [])).toThrow(RangeError);
    expect(() => mcnemarTest([1, -1], [1, 1], [1, 1])).toThrow(/mcnemarTest/);
  });
});

describe('errorOverlap', () => {
  it('counts the examples each pair of models gets wrong (hand-checked)', () => {
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

  it('equals a brute-force set intersection on random predictions', () => {
    const random = seeded(3);
    const n = 500;
    const labels = Array.from({ length: n }, () => Math.floor(random() * 10));
    const models = Array.from({ length: 4 }, () => labels.map((y) => (random() < 0.2 ? (y + 1) % 10 : y)));
    const sets = models.map((p) => new Set(p.flatMap((v, i) => (v === labels[i] ? [] : [i]))));
    const expected = sets.map((a) => sets.map((b) => [...a].filter((i) => b.has(i)).length));
    expect(errorOverlap(labels, models)).toEqual(expected);
  });

  it('refuses no models, mismatched lengths and bad labels', () => {
    expect(() => errorOverlap([1], [])).toThrow(RangeError);
    expect(() => errorOverlap([1, 2], [[1]])).toThrow(/errorOverlap/);
    expect(() => errorOverlap([1, 2], [[1, 0.5]])).toThrow(/errorOverlap/);
  });
});
