import { describe, expect, it } from 'vitest';
import { mnistTestImages } from './__fixtures__/mnist-images.js';
import { drawStripes, occludeBlock } from './occlusion.js';

const N = 28;
const data = await mnistTestImages(3);

describe('occlusion corruptions', () => {
  it('stripes set exactly their rows (or columns) to white and leave every other pixel', () => {
    const image = data.image(0);
    const horizontal = drawStripes(image, N, N, { vertical: false, positions: [5, 20], width: 2 });
    const vertical = drawStripes(image, N, N, { vertical: true, positions: [10], width: 3 });
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
      const i = y * N + x;
      expect(horizontal[i]).toBe([5, 6, 20, 21].includes(y) ? 255 : image[i]);
      expect(vertical[i]).toBe([10, 11, 12].includes(x) ? 255 : image[i]);
    }
  });

  it('a block sets exactly its square to black, clipped at the border', () => {
    const image = new Uint8Array(N * N).fill(200);
    const out = occludeBlock(image, N, N, { x: 4, y: 6, size: 10 });
    expect(out.filter((v) => v === 0).length).toBe(100);
    for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
      expect(out[y * N + x]).toBe(x >= 4 && x < 14 && y >= 6 && y < 16 ? 0 : 200);
    }
    expect(occludeBlock(image, N, N, { x: 24, y: -2, size: 6 }).filter((v) => v === 0).length).toBe(4 * 4);
  });
});
