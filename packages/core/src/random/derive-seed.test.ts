import { describe, expect, it } from 'vitest';
import { deriveSeed } from './derive-seed.js';

describe('deriveSeed', () => {
  it('is a deterministic 32-bit unsigned integer that depends on the seed and every salt in order', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      for (let epoch = 0; epoch < 20; epoch++) {
        const value = deriveSeed(seed, epoch, 3);
        expect(Number.isInteger(value) && value >= 0 && value < 2 ** 32).toBe(true);
        expect(deriveSeed(seed, epoch, 3)).toBe(value);
        seen.add(value);
      }
    }
    expect(seen.size).toBe(400);
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(deriveSeed(1)).not.toBe(deriveSeed(1, 0));
  });
});
