import { describe, expect, it } from 'vitest';
import { mnistTestImages } from './__fixtures__/mnist-images.js';
import { dilateImage, erodeImage, type MorphologySettings } from './morphology.js';

const N = 28;
const data = await mnistTestImages(50);
const SETTINGS: MorphologySettings[] = [
  { element: 'cross', amount: 0.25 }, { element: 'cross' }, { element: 'square' }, { element: 'square', iterations: 2 },
];

describe('stroke thickness: erosion and dilation', () => {
  it('erode ⊂ original ⊂ dilate pixelwise on real digits, and more erosion removes more', () => {
    let violations = 0;
    let changed = 0;
    for (let i = 0; i < 50; i++) {
      const image = data.image(i);
      for (const settings of SETTINGS) {
        const eroded = erodeImage(image, N, N, settings);
        const dilated = dilateImage(image, N, N, settings);
        image.forEach((v, p) => {
          if (eroded[p] > v || dilated[p] < v) violations++;
          if (eroded[p] !== v) changed++;
        });
      }
      const cross = erodeImage(image, N, N, { element: 'cross' });
      const square = erodeImage(image, N, N, { element: 'square' });
      square.forEach((v, p) => { if (v > cross[p]) violations++; });
    }
    expect(violations).toBe(0);
    expect(changed).toBeGreaterThan(50 * 4 * 20);
  });

  it('one lit pixel dilates into a plus (cross) or a 3x3 square; a 3x3 square erodes to its centre with the cross', () => {
    const dot = new Uint8Array(N * N);
    dot[10 * N + 10] = 255;
    const plus = dilateImage(dot, N, N, { element: 'cross' });
    expect([...plus.keys()].filter((p) => plus[p] === 255).sort((a, b) => a - b)).toEqual(
      [9 * N + 10, 10 * N + 9, 10 * N + 10, 10 * N + 11, 11 * N + 10],
    );
    const square = dilateImage(dot, N, N, { element: 'square' });
    expect(square.filter((v) => v === 255).length).toBe(9);
    const eroded = erodeImage(square, N, N, { element: 'cross' });
    expect([...eroded.keys()].filter((p) => eroded[p] > 0)).toEqual([10 * N + 10]);
  });

  it('a half blend moves every pixel half way to the filtered value', () => {
    const image = data.image(0);
    const full = erodeImage(image, N, N, { element: 'cross' });
    const half = erodeImage(image, N, N, { element: 'cross', amount: 0.5 });
    image.forEach((v, p) => expect(Math.abs(half[p] - (v + full[p]) / 2)).toBeLessThanOrEqual(0.5));
  });
});
