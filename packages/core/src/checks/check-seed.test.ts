import { describe, expect, it } from 'vitest';
import { createRng } from '../random/create-rng.js';
import { checkSeed } from './check-seed.js';

describe('checkSeed', () => {
  it('accepts every finite number createRng accepts and returns it', () => {
    for (const seed of [0, -0, 1, -7, 2.5, 2 ** 53, -(2 ** 60), Number.MAX_VALUE, Number.MIN_VALUE]) {
      expect(checkSeed('f', 'seed', seed)).toBe(seed);
      expect(() => createRng(seed)).not.toThrow();
    }
  });

  it('rejects what createRng rejects, with a TypeError in the one message format', () => {
    for (const seed of [Number.NaN, Infinity, -Infinity, '1', null, undefined, 1n, {}]) {
      expect(() => createRng(seed as number)).toThrow(TypeError);
      expect(() => checkSeed('fit', 'options.seed', seed)).toThrow(TypeError);
    }
    expect(() => checkSeed('fit', 'options.seed', Number.NaN)).toThrow(
      /^fit: expected options\.seed to be a finite number \(a seed\), got NaN$/,
    );
    expect(() => checkSeed('fit', 'options.seed', '3')).toThrow(/got the string "3"$/);
  });
});
