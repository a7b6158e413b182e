import { toByte } from './image-buffer.js';

/** Structuring element: the 3x3 `'cross'` (4-neighbourhood plus centre) or the full 3x3 `'square'`. */
export type StructuringElement = 'cross' | 'square';

/** How much stroke to remove or add: element, repetitions, and the blend `amount` in `(0, 1]` with the original. */
export interface MorphologySettings {
  element: StructuringElement;
  /** Times the min/max filter is applied. Default 1. */
  iterations?: number;
  /** `out = v + amount * (filtered - v)`. Default 1 (the plain filter). */
  amount?: number;
}

const CROSS: ReadonlyArray<readonly [number, number]> = [[0, 0], [-1, 0], [1, 0], [0, -1], [0, 1]];
const SQUARE: ReadonlyArray<readonly [number, number]> = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].map((dx) => [dx, dy] as const));

/** One grey-level min (erode) or max (dilate) filter; neighbours outside the image are ignored. */
function filterOnce(image: Uint8Array, rows: number, cols: number, element: StructuringElement, pick: 'min' | 'max'): Uint8Array {
  const offsets = element === 'cross' ? CROSS : SQUARE;
  const out = new Uint8Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let best = pick === 'min' ? 255 : 0;
      for (const [dx, dy] of offsets) {
        const sx = x + dx;
        const sy = y + dy;
        if (sx < 0 || sx >= cols || sy < 0 || sy >= rows) continue;
        const v = image[sy * cols + sx];
        best = pick === 'min' ? Math.min(best, v) : Math.max(best, v);
      }
      out[y * cols + x] = best;
    }
  }
  return out;
}

function morphology(image: Uint8Array, rows: number, cols: number, settings: MorphologySettings, pick: 'min' | 'max'): Uint8Array {
  const iterations = settings.iterations ?? 1;
  const amount = settings.amount ?? 1;
  let filtered = image;
  for (let i = 0; i < iterations; i++) filtered = filterOnce(filtered, rows, cols, settings.element, pick);
  if (filtered === image) return image.slice();
  if (amount === 1) return filtered;
  const out = new Uint8Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = toByte(image[i] + amount * (filtered[i] - image[i]));
  return out;
}

/**
 * Grey-level erosion (thinner strokes): the minimum over the structuring element, repeated, blended with the
 * original. Every output pixel is `<=` the input pixel.
 */
export function erodeImage(image: Uint8Array, rows: number, cols: number, settings: MorphologySettings): Uint8Array {
  return morphology(image, rows, cols, settings, 'min');
}

/**
 * Grey-level dilation (thicker strokes): the maximum over the structuring element, repeated, blended with the
 * original. Every output pixel is `>=` the input pixel.
 */
export function dilateImage(image: Uint8Array, rows: number, cols: number, settings: MorphologySettings): Uint8Array {
  return morphology(image, rows, cols, settings, 'max');
}
