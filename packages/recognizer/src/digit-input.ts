import { UnsupportedEnvironmentError, checkInteger, describeValue } from '@digitkit/core';
import type { PixelImage } from '@digitkit/preprocess-augment';

/** The `ImageData` shape (a canvas's pixels): RGBA bytes, row-major, `width * height * 4` long. */
export interface ImageDataLike {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A canvas whose 2D context can read its pixels: `HTMLCanvasElement`, `OffscreenCanvas` or a look-alike. */
export interface CanvasLike {
  readonly width: number;
  readonly height: number;
  getContext(contextId: '2d'): unknown;
}

/**
 * One digit image, any size, either polarity (dark ink on light paper or light ink on dark):
 * - an `ImageData` (or `{ data, width, height }` of RGBA bytes),
 * - an `HTMLCanvasElement` / `OffscreenCanvas` (read with `getContext('2d').getImageData`),
 * - `{ data, width, height, channels }` with 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) bytes per pixel.
 */
export type DigitInput = ImageDataLike | CanvasLike | PixelImage;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function readCanvas(functionName: string, name: string, canvas: CanvasLike): PixelImage {
  const width = checkInteger(functionName, `${name}.width`, canvas.width, { min: 1 });
  const height = checkInteger(functionName, `${name}.height`, canvas.height, { min: 1 });
  const context = canvas.getContext('2d') as { getImageData?: unknown } | null;
  if (!isObject(context) || typeof context.getImageData !== 'function') {
    throw new UnsupportedEnvironmentError({
      functionName,
      expected: `${name} to be a canvas with a 2D context that can read its pixels (getContext('2d').getImageData)`,
      found: context === null ? "a canvas whose getContext('2d') returned null (it already has a WebGL or bitmap context)" : `a 2D context without getImageData`,
      fix: 'draw the digit on a 2D canvas, or pass its ImageData',
    });
  }
  const imageData = (context.getImageData as (x: number, y: number, w: number, h: number) => ImageDataLike)(0, 0, width, height);
  return fromImageData(functionName, name, imageData);
}

function fromImageData(functionName: string, name: string, image: ImageDataLike): PixelImage {
  const { data, width, height } = image;
  if (!(data instanceof Uint8ClampedArray) && !(data instanceof Uint8Array)) {
    throw new TypeError(`${functionName}: expected ${name}.data to be a Uint8ClampedArray or Uint8Array of RGBA bytes, got ${describeValue(data)}`);
  }
  return { data, width, height, channels: 4 };
}

/**
 * The pixels of one {@link DigitInput} as `{ data, width, height, channels }` (the shape `toGrayImage` reads); no
 * copy when the input already holds bytes.
 *
 * @throws TypeError for a value that is none of the accepted inputs; UnsupportedEnvironmentError for a canvas
 *   without a readable 2D context. Sizes and lengths are checked by `toGrayImage`.
 */
export function toPixelImage(functionName: string, name: string, input: unknown): PixelImage {
  if (!isObject(input)) {
    throw new TypeError(
      `${functionName}: expected ${name} to be an ImageData, a canvas or { data, width, height, channels }, got ${describeValue(input)}`,
    );
  }
  if (typeof input.getContext === 'function') return readCanvas(functionName, name, input as unknown as CanvasLike);
  if ('channels' in input) return input as unknown as PixelImage;
  if ('data' in input && 'width' in input && 'height' in input) return fromImageData(functionName, name, input as unknown as ImageDataLike);
  throw new TypeError(
    `${functionName}: expected ${name} to be an ImageData, a canvas or { data, width, height, channels }, got ${describeValue(input)}`,
  );
}
