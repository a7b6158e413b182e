import { crc32 } from 'node:zlib';
import { ImageFormatError } from '@digitkit/core';

/** Default of `maxPixels`: 4096 × 4096 = 16,777,216 pixels (at most 64 MiB of decoded RGBA). */
export const DEFAULT_PNG_MAX_PIXELS = 4096 * 4096;

/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Bytes from the start of the file to the end of the IHDR chunk: what is needed to know the image size. */
export const PNG_HEADER_BYTES = 8 + 8 + 13 + 4;

/** Who is decoding what, for error messages. */
export interface PngContext {
  /** The public function, e.g. `'readPngFile'`; it starts every message. */
  functionName: string;
  /** The file or URL the bytes came from, when known; named in every message. */
  source?: string;
}

/** The fields of a PNG's IHDR chunk, checked. */
export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  /** Adam7 interlacing. */
  interlaced: boolean;
  /** Samples per pixel in the file (1, 2, 3 or 4). */
  samplesPerPixel: number;
  /** Bits per pixel in the file. */
  bitsPerPixel: number;
}

const SAMPLES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ALLOWED_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const MAX_DIMENSION = 2 ** 31 - 1;

/** Throws an {@link ImageFormatError} for `context`. */
export function pngError(context: PngContext, expected: string, found: string, offset?: number, cause?: unknown): never {
  throw new ImageFormatError({ functionName: context.functionName, expected, found, offset, source: context.source, cause });
}

/** Big-endian unsigned 32-bit integer at `offset`. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** CRC-32 (the PNG/zlib one) of `bytes[start, end)`. */
export function chunkCrc(bytes: Uint8Array, start: number, end: number): number {
  return crc32(bytes.subarray(start, end)) >>> 0;
}

/**
 * Reads and checks the signature and the IHDR chunk (the first 33 bytes), and refuses an image of more than
 * `maxPixels` pixels — before anything else of the file is looked at, so no pixel memory is ever allocated for it.
 *
 * @throws ImageFormatError for a short file, another format, a corrupt IHDR, an invalid bit depth / colour type,
 *   or dimensions above `maxPixels`.
 */
export function readPngHeader(bytes: Uint8Array, maxPixels: number, context: PngContext): PngHeader {
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    const startsLikePng = bytes.subarray(0, PNG_SIGNATURE.length).every((b, i) => PNG_SIGNATURE[i] === b);
    let found: string;
    if (bytes.length === 0) found = 'an empty file (0 bytes)';
    else if (startsLikePng) found = `a file that ends after ${bytes.length} bytes`;
    else found = `${describeStart(bytes)} (not a PNG file)`;
    pngError(context, 'a PNG file (starting with the 8-byte PNG signature)', found, 0);
  }
  if (bytes.length < PNG_HEADER_BYTES) {
    pngError(context, 'the 25-byte IHDR chunk after the signature', `a file that ends after ${bytes.length} bytes (truncated)`, bytes.length);
  }
  const length = readUint32(bytes, 8);
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR' || length !== 13) {
    pngError(context, 'an IHDR chunk of 13 bytes first', `a chunk ${JSON.stringify(type)} of ${length} bytes`, 8);
  }
  const stored = readUint32(bytes, 29);
  const computed = chunkCrc(bytes, 12, 29);
  if (stored !== computed) {
    pngError(context, `IHDR checksum ${hex(computed)}`, `${hex(stored)} (the header is corrupt)`, 29);
  }
  const width = readUint32(bytes, 16);
  const height = readUint32(bytes, 20);
  const [bitDepth, colorType, compression, filter, interlace] = bytes.subarray(24, 29);
  if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    pngError(context, 'a width and height between 1 and 2^31 - 1', `${width}x${height}`, 16);
  }
  if (width * height > maxPixels) {
    pngError(
      context,
      `an image of at most ${maxPixels} pixels (options.maxPixels)`,
      `${width}x${height} = ${width * height} pixels`,
      16,
    );
  }
  const depths = ALLOWED_DEPTHS[colorType];
  if (depths === undefined) pngError(context, 'colour type 0, 2, 3, 4 or 6', `colour type ${colorType}`, 25);
  if (!depths.includes(bitDepth)) {
    pngError(context, `bit depth ${depths.join(', ')} for colour type ${colorType}`, `bit depth ${bitDepth}`, 24);
  }
  if (compression !== 0) pngError(context, 'compression method 0 (deflate)', `compression method ${compression}`, 26);
  if (filter !== 0) pngError(context, 'filter method 0', `filter method ${filter}`, 27);
  if (interlace > 1) pngError(context, 'interlace method 0 or 1 (Adam7)', `interlace method ${interlace}`, 28);
  const samplesPerPixel = SAMPLES_PER_PIXEL[colorType];
  return { width, height, bitDepth, colorType, interlaced: interlace === 1, samplesPerPixel, bitsPerPixel: samplesPerPixel * bitDepth };
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Names a few common formats from their first bytes, or shows the bytes. */
function describeStart(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'a JPEG file';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'a GIF file';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'a BMP file';
  if (bytes[0] === 0x3c) return 'text starting with "<" (SVG or HTML?)';
  return `bytes ${Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}
