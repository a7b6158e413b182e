import { checkBoolean, checkOneOf } from '@digitkit/core';
import { formatCoordinate as f } from '../internal/format-number.js';
import { base64Encode } from './base64.js';
import { encodePng } from './png-encoder.js';

/**
 * How digit pixels are drawn:
 * - 'image': one embedded grayscale PNG (`data:` URI) per digit, scaled with pixelated rendering;
 * - 'rects': one `<rect>` per run of equal nonzero pixels in a row (vector, no raster data).
 */
export type DigitRenderMode = 'image' | 'rects';

/** Options shared by everything that draws digits. */
export interface DigitStyle {
  /** Draw dark ink on white instead of MNIST's white ink on black. Default false. */
  invert?: boolean;
  /** Pixel drawing method. Default 'image' (smaller and faster for grids, see the README's benchmark). */
  mode?: DigitRenderMode;
}

/** The option keys of {@link DigitStyle}, for closed-options checks. */
export const DIGIT_STYLE_KEYS = ['invert', 'mode'] as const;

/** Checks the {@link DigitStyle} fields of a renderer's options and returns them with defaults filled in. */
export function resolveDigitStyle(fn: string, options: DigitStyle): Required<DigitStyle> {
  return {
    invert: options.invert === undefined ? false : checkBoolean(fn, 'options.invert', options.invert),
    mode: checkOneOf(fn, 'options.mode', options.mode ?? 'image', ['image', 'rects'] as const),
  };
}

function gray(value: number): string {
  const h = value.toString(16).padStart(2, '0');
  return `#${h}${h}${h}`;
}

/** The PNG data URI of one digit (bytes 0..255, 255 = ink). */
export function digitDataUri(pixels: Uint8Array, rows: number, cols: number, invert: boolean): string {
  let data = pixels;
  if (invert) {
    data = new Uint8Array(pixels.length);
    for (let i = 0; i < pixels.length; i++) data[i] = 255 - pixels[i];
  }
  return `data:image/png;base64,${base64Encode(encodePng({ width: cols, height: rows, channels: 1, data }))}`;
}

/** Markup drawing one digit of `rows`×`cols` pixels into the box (x, y, width, height). */
export function digitMarkup(
  pixels: Uint8Array,
  rows: number,
  cols: number,
  x: number,
  y: number,
  width: number,
  height: number,
  style: DigitStyle = {},
): string {
  const invert = style.invert ?? false;
  if ((style.mode ?? 'image') === 'image') {
    return (
      `<image x="${f(x)}" y="${f(y)}" width="${f(width)}" height="${f(height)}" preserveAspectRatio="none"` +
      ` image-rendering="optimizeSpeed"` +
      ` href="${digitDataUri(pixels, rows, cols, invert)}"/>`
    );
  }
  const background = invert ? '#ffffff' : '#000000';
  let out = `<rect x="${f(x)}" y="${f(y)}" width="${f(width)}" height="${f(height)}" fill="${background}"/>`;
  out += `<g transform="translate(${f(x)} ${f(y)}) scale(${f(width / cols)} ${f(height / rows)})" shape-rendering="crispEdges">`;
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < cols) {
      const v = pixels[r * cols + c];
      if (v === 0) {
        c++;
        continue;
      }
      let end = c + 1;
      while (end < cols && pixels[r * cols + end] === v) end++;
      out += `<rect x="${c}" y="${r}" width="${end - c}" height="1" fill="${gray(invert ? 255 - v : v)}"/>`;
      c = end;
    }
  }
  return `${out}</g>`;
}
