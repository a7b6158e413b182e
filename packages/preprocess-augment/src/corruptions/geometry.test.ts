import { describe, expect, it } from 'vitest';
import { mnistTestImages, pixel } from './__fixtures__/mnist-images.js';
import { rotateImage, scaleImage, shearImage, translateImage } from './geometry.js';

const N = 28;
const data = await mnistTestImages(20);

/** Brute-force reference: out[y][x] = image[sourceY(x, y)][sourceX(x, y)], 0 outside. */
function remap(image: Uint8Array, source: (x: number, y: number) => [number, number]): Uint8Array {
  const out = new Uint8Array(N * N);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    const [sx, sy] = source(x, y);
    out[y * N + x] = pixel(image, N, N, sx, sy);
  }
  return out;
}

describe('geometric corruptions: exact geometry on real MNIST digits', () => {
  it('a 90° rotation equals a transpose followed by a vertical flip (counter-clockwise on screen)', () => {
    for (let i = 0; i < 20; i++) {
      const image = data.image(i);
      const transposed = remap(image, (x, y) => [y, x]);
      const flipped = remap(transposed, (x, y) => [x, N - 1 - y]);
      expect(rotateImage(image, N, N, 90)).toEqual(flipped);
    }
  });

  it('180° reverses the pixel order, 0° and 360° are the identity, -90° undoes 90°', () => {
    const image = data.image(3);
    expect(rotateImage(image, N, N, 180)).toEqual(image.slice().reverse());
    expect(rotateImage(image, N, N, 0)).toEqual(image);
    expect(rotateImage(image, N, N, 360)).toEqual(image);
    expect(rotateImage(rotateImage(image, N, N, 90), N, N, -90)).toEqual(image);
  });

  it('a rotation moves ink counter-clockwise: a pixel right of the centre goes above it', () => {
    const image = new Uint8Array(N * N);
    image[13 * N + 24] = 255; // row 13, column 24: right of centre (13.5, 13.5)
    const rotated = rotateImage(image, N, N, 90);
    expect(rotated[3 * N + 13]).toBe(255); // column 13, row 3: above the centre
  });

  it('an integer translation is a plain shift (0 shifted in)', () => {
    for (const [dx, dy] of [[3, 0], [0, -2], [-4, 5], [0, 0]]) {
      const image = data.image(5);
      expect(translateImage(image, N, N, dx, dy)).toEqual(remap(image, (x, y) => [x - dx, y - dy]));
    }
  });

  it('a horizontal shear of factor 2 shifts row y by exactly 2y - 27 pixels', () => {
    const image = data.image(7);
    expect(shearImage(image, N, N, 2)).toEqual(remap(image, (x, y) => [x - (2 * y - 27), y]));
    expect(shearImage(image, N, N, 0)).toEqual(image);
  });

  it('zooming out by 1/3 about the centre samples every third pixel: out(x, y) = in(3x - 27, 3y - 27)', () => {
    const image = data.image(9);
    expect(scaleImage(image, N, N, 1 / 3)).toEqual(remap(image, (x, y) => [3 * x - 27, 3 * y - 27]));
    expect(scaleImage(image, N, N, 1)).toEqual(image);
  });

  it('a small rotation keeps the ink mass close and the centroid near the centre it rotates about', () => {
    const image = data.image(0);
    const rotated = rotateImage(image, N, N, 30);
    const mass = (img: Uint8Array) => img.reduce((s, v) => s + v, 0);
    expect(Math.abs(mass(rotated) - mass(image)) / mass(image)).toBeLessThan(0.05);
  });
});
