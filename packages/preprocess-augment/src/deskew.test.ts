import { loadMnist } from '@digitkit/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { deskew, imageMoments } from './deskew.js';

const SIZE = 28;

/** A slanted stroke: a 3-pixel-wide bar whose column moves by `slope` per row, centred at column `center`. */
function slantedBar(slope: number, center = 13.5): Uint8Array {
  const image = new Uint8Array(SIZE * SIZE);
  for (let y = 4; y < 24; y++) {
    const x = Math.round(center + slope * (y - 13.5));
    for (let dx = -1; dx <= 1; dx++) image[y * SIZE + x + dx] = 255;
  }
  return image;
}

/** Brute-force moments from the definitions. */
function moments(image: Uint8Array): { cx: number; cy: number; slant: number } {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) { m += image[y * SIZE + x]; sx += x * image[y * SIZE + x]; sy += y * image[y * SIZE + x]; }
  const cx = sx / m;
  const cy = sy / m;
  let vy = 0;
  let cxy = 0;
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) { vy += (y - cy) ** 2 * image[y * SIZE + x]; cxy += (x - cx) * (y - cy) * image[y * SIZE + x]; }
  return { cx, cy, slant: cxy / vy };
}

describe('deskew', () => {
  it('straightens a slanted stroke and centres it', () => {
    const image = slantedBar(0.4, 11);
    expect(moments(image).slant).toBeCloseTo(0.4, 1);
    const straight = deskew(image);
    const after = moments(straight);
    expect(Math.abs(after.slant)).toBeLessThan(0.03);
    expect(after.cx).toBeCloseTo(13.5, 0);
    expect(after.cy).toBeCloseTo(13.5, 0);
  });

  it('keeps the centroid when recenter is false', () => {
    const image = slantedBar(-0.3, 16);
    const before = moments(image);
    const after = moments(deskew(image, { recenter: false }));
    expect(Math.abs(after.slant)).toBeLessThan(0.03);
    expect(Math.abs(after.cx - before.cx)).toBeLessThan(0.3);
    expect(Math.abs(after.cy - before.cy)).toBeLessThan(0.3);
  });

  it('leaves an upright centred stroke and a blank image unchanged', () => {
    const upright = slantedBar(0, 13.5);
    upright.fill(0, 0, SIZE * SIZE); // rebuild symmetric about 13.5: columns 13 and 14
    for (let y = 4; y < 24; y++) { upright[y * SIZE + 13] = 200; upright[y * SIZE + 14] = 200; }
    // Rows 4..23 are symmetric about 13.5 as well.
    expect(Array.from(deskew(upright))).toEqual(Array.from(upright));
    expect(Array.from(deskew(new Uint8Array(SIZE * SIZE)))).toEqual(new Array(SIZE * SIZE).fill(0));
  });

  it('measures moments like the definitions', () => {
    const image = slantedBar(0.25, 12);
    const m = imageMoments(image, 0, SIZE, SIZE);
    const truth = moments(image);
    expect(m.centerX).toBeCloseTo(truth.cx, 10);
    expect(m.centerY).toBeCloseTo(truth.cy, 10);
    expect(m.covarianceXY / m.varianceY).toBeCloseTo(truth.slant, 10);
  });

  it('lifts 1-nearest-neighbour accuracy on real MNIST (2,000 train / 500 test)', async () => {
    const { train, test } = await loadMnist({ limit: 2000 });
    const testCount = 500;
    const accuracy = (trainImages: Uint8Array, testImages: Uint8Array): number => {
      let correct = 0;
      for (let t = 0; t < testCount; t++) {
        let best = Infinity;
        let bestLabel = -1;
        for (let i = 0; i < train.count; i++) {
          let d = 0;
          for (let p = 0; p < 784; p++) {
            const diff = trainImages[i * 784 + p] - testImages[t * 784 + p];
            d += diff * diff;
          }
          if (d < best) { best = d; bestLabel = train.labels[i]; }
        }
        if (bestLabel === test.labels[t]) correct++;
      }
      return correct / testCount;
    };
    const raw = accuracy(train.images, test.images);
    const deskewed = accuracy(deskew(train).images, deskew(test.images.subarray(0, testCount * 784)));
    console.info(`1-NN accuracy on 500 MNIST test digits: raw ${raw}, deskewed ${deskewed}`);
    expect(deskewed).toBeGreaterThan(raw + 0.01);
  });

  it('rejects bad input', () => {
    expect(() => deskew(new Uint8Array(100))).toThrow(/deskew: expected images.length to be a multiple of 28x28 = 784, got 100/);
    expect(() => deskew([1, 2] as unknown as Uint8Array)).toThrow(/deskew: expected a Uint8Array of images or a DigitDataset, got an array of length 2/);
    expect(() => deskew(new Uint8Array(784), { recenter: 'yes' as unknown as boolean })).toThrow(/recenter/);
  });
});
