import { pngError, type PngContext, type PngHeader } from './png-header.js';

/** One reduced image of the Adam7 interlacing (or the whole image): where its pixels go and its size. */
export interface PngPass {
  /** Column and row of its first pixel in the full image. */
  x0: number;
  y0: number;
  /** Distance between its pixels in the full image. */
  dx: number;
  dy: number;
  /** Its size in pixels (either may be 0: the pass is empty). */
  width: number;
  height: number;
  /** Bytes per scanline, the filter-type byte excluded. */
  stride: number;
}

const ADAM7: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

/** The passes of an image (one, or the seven non-empty-or-empty Adam7 passes). */
export function pngPasses(header: PngHeader): PngPass[] {
  const layouts = header.interlaced ? ADAM7 : [[0, 0, 1, 1] as const];
  return layouts.map(([x0, y0, dx, dy]) => {
    const width = Math.max(0, Math.ceil((header.width - x0) / dx));
    const height = Math.max(0, Math.ceil((header.height - y0) / dy));
    return { x0, y0, dx, dy, width, height, stride: Math.ceil((width * header.bitsPerPixel) / 8) };
  });
}

/** Bytes of decompressed data the image needs: per non-empty pass, `height * (1 + stride)`. */
export function pngDataLength(passes: readonly PngPass[]): number {
  let total = 0;
  for (const pass of passes) if (pass.width > 0 && pass.height > 0) total += pass.height * (1 + pass.stride);
  return total;
}

/**
 * Undoes the PNG row filters (None, Sub, Up, Average, Paeth) of every pass in place; `data` is the decompressed
 * stream, exactly {@link pngDataLength} bytes. Each row's filter-type byte is left as is.
 *
 * @throws ImageFormatError for a filter type above 4.
 */
export function unfilterScanlines(data: Uint8Array, header: PngHeader, passes: readonly PngPass[], context: PngContext): void {
  const bpp = Math.max(1, Math.ceil(header.bitsPerPixel / 8));
  let offset = 0;
  for (const pass of passes) {
    if (pass.width === 0 || pass.height === 0) continue;
    const { stride } = pass;
    for (let row = 0; row < pass.height; row++) {
      const filter = data[offset];
      const start = offset + 1;
      const previous = row === 0 ? -1 : start - (stride + 1);
      switch (filter) {
        case 0:
          break;
        case 1:
          for (let i = bpp; i < stride; i++) data[start + i] = (data[start + i] + data[start + i - bpp]) & 0xff;
          break;
        case 2:
          if (previous >= 0) for (let i = 0; i < stride; i++) data[start + i] = (data[start + i] + data[previous + i]) & 0xff;
          break;
        case 3:
          for (let i = 0; i < stride; i++) {
            const left = i >= bpp ? data[start + i - bpp] : 0;
            const up = previous >= 0 ? data[previous + i] : 0;
            data[start + i] = (data[start + i] + ((left + up) >> 1)) & 0xff;
          }
          break;
        case 4:
          for (let i = 0; i < stride; i++) {
            const a = i >= bpp ? data[start + i - bpp] : 0;
            const b = previous >= 0 ? data[previous + i] : 0;
            const c = i >= bpp && previous >= 0 ? data[previous + i - bpp] : 0;
            const p = a + b - c;
            const pa = Math.abs(p - a);
            const pb = Math.abs(p - b);
            const pc = Math.abs(p - c);
            data[start + i] = (data[start + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
          }
          break;
        default:
          pngError(context, 'a row filter type 0 to 4', `filter type ${filter} in row ${row} of the image data`, offset);
      }
      offset = start + stride;
    }
  }
}
