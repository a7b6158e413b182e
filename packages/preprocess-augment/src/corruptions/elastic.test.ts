import { createRng } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { mnistTestImages } from './__fixtures__/mnist-images.js';
import { elasticDistort, elasticField } from './elastic.js';

const N = 28;
const data = await mnistTestImages(5);

describe('elastic distortion', () => {
  it('alpha 0 is the identity', () => {
    expect(elasticDistort(data.image(0), N, N, 0, 4, createRng(1))).toEqual(data.image(0));
  });

  it('displacements are bounded by alpha (a smoothed field of values in [-1, 1) times alpha) and not all zero', () => {
    const { dx, dy } = elasticField(N, N, 30, 4, createRng(2));
    const all = [...dx, ...dy];
    expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(30);
    expect(Math.max(...all.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('is deterministic per random stream and differs between streams', () => {
    const a = elasticDistort(data.image(1), N, N, 50, 4, createRng(3));
    expect(elasticDistort(data.image(1), N, N, 50, 4, createRng(3))).toEqual(a);
    expect(elasticDistort(data.image(1), N, N, 50, 4, createRng(4))).not.toEqual(a);
  });
});
