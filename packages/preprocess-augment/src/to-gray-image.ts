import { checkInteger, describeValue } from '@digitkit/core';

/** A grayscale image, row-major, values 0..255. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float64Array;
}

/**
 * An 8-bit image with interleaved channels, as `decodePng`/`readPngFile` (`./node`) return, or a canvas's
 * `ImageData` as is (RGBA): 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (straight alpha).
 */
export interface PixelImage {
  /** `width * height * channels` bytes, row-major. */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** Channels per pixel. Default: `data.length / (width * height)` (4 for an `ImageData`). */
  channels?: 1 | 2 | 3 | 4;
}

const CHANNEL_NAMES = { 1: 'gray', 2: 'gray + alpha', 3: 'RGB', 4: 'RGBA' } as const;

/**
 * Converts an 8-bit gray, gray + alpha, RGB or RGBA image to luminance 0..255 (`0.299 R + 0.587 G + 0.114 B`).
 * Transparency is composited over a background opposite to the strokes: the mean of the (mostly) opaque pixels
 * decides — dark strokes on a transparent canvas land on white paper, light strokes on black — so a drawing on a
 * transparent canvas reads as a digit in either polarity.
 *
 * @throws TypeError/RangeError for a non-byte array, non-integer sizes, channels not 1–4, or a length other than
 *   `width * height * channels`.
 */
export function toGrayImage(image: PixelImage): GrayImage {
  const fn = 'toGrayImage';
  if (image === null || typeof image !== 'object') {
    throw new TypeError(`${fn}: expected image to be { data, width, height, channels }, got ${describeValue(image)}`);
  }
  const pixels = image.width * image.height;
  const inferred = Number.isSafeInteger(pixels) && pixels > 0 ? (image.data?.length ?? 0) / pixels : Number.NaN;
  const channels = image.channels ?? (Number.isInteger(inferred) && inferred >= 1 && inferred <= 4 ? inferred : undefined);
  if (channels === undefined) {
    throw new RangeError(
      `${fn}: expected image.data to hold 1 to 4 bytes per pixel of ${image.width}x${image.height} (or image.channels), got ${describeValue(image.data)}`,
    );
  }
  checkInteger(fn, 'image.channels', channels, { min: 1, max: 4 });
  return grayFromChannels(fn, image.data, image.width, image.height, channels as 1 | 2 | 3 | 4);
}

/** Converts RGBA bytes (a decoded PNG, a canvas `ImageData.data`) to luminance; see {@link toGrayImage}. */
export function rgbaToGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  return grayFromChannels('rgbaToGray', rgba, width, height, 4);
}

function grayFromChannels(fn: string, data: unknown, width: number, height: number, channels: 1 | 2 | 3 | 4): GrayImage {
  if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray)) {
    throw new TypeError(`${fn}: expected the pixels to be a Uint8Array or Uint8ClampedArray, got ${describeValue(data)}`);
  }
  checkInteger(fn, 'width', width, { min: 1 });
  checkInteger(fn, 'height', height, { min: 1 });
  const n = width * height;
  if (data.length !== n * channels) {
    throw new RangeError(`${fn}: expected ${n * channels} bytes for ${width}x${height} ${CHANNEL_NAMES[channels]}, got ${data.length}`);
  }
  const luminance = new Float64Array(n);
  const hasAlpha = channels === 2 || channels === 4;
  const alphaAt = (i: number) => (hasAlpha ? data[i * channels + channels - 1] : 255);
  let hasTransparency = false;
  let opaqueSum = 0;
  let opaqueCount = 0;
  for (let i = 0; i < n; i++) {
    const o = i * channels;
    luminance[i] = channels >= 3 ? 0.299 * data[o] + 0.587 * data[o + 1] + 0.114 * data[o + 2] : data[o];
    const a = alphaAt(i);
    if (a < 255) hasTransparency = true;
    if (a > 127) {
      opaqueSum += luminance[i];
      opaqueCount++;
    }
  }
  if (hasTransparency) {
    // Transparent pixels are background: composite over the colour opposite to the strokes' mean
    // (dark strokes on transparent → white paper, light strokes → black).
    const strokeMean = opaqueCount > 0 ? opaqueSum / opaqueCount : 0;
    const background = strokeMean < 128 ? 255 : 0;
    for (let i = 0; i < n; i++) {
      const alpha = alphaAt(i) / 255;
      luminance[i] = alpha * luminance[i] + (1 - alpha) * background;
    }
  }
  return { width, height, data: luminance };
}
