import { inflateSync } from 'node:zlib';
import { checkInteger, checkOptions, checkString, describeValue } from '@digitkit/core';
import { readPngChunks } from './png-chunks.js';
import { DEFAULT_PNG_MAX_PIXELS, pngError, readPngHeader, type PngContext } from './png-header.js';
import { expandPixels, outputChannels } from './png-pixels.js';
import { pngDataLength, pngPasses, unfilterScanlines } from './png-scanlines.js';

/** A decoded image: 8-bit samples, row-major, `channels` per pixel. */
export interface DecodedImage {
  /** `width * height * channels` bytes, row-major, 0..255. */
  data: Uint8Array;
  width: number;
  height: number;
  /** 1 = gray, 3 = RGB, 4 = RGBA (straight, not premultiplied alpha). */
  channels: 1 | 3 | 4;
}

/** Options of {@link decodePng} and `readPngFile`. */
export interface DecodePngOptions {
  /**
   * Largest accepted `width * height`, checked from the header before any pixel is decoded. Default
   * {@link DEFAULT_PNG_MAX_PIXELS} (4096 × 4096 = 16,777,216 pixels); at most 2^31.
   */
  maxPixels?: number;
  /** Where the bytes came from (a file name or URL), named in error messages. */
  source?: string;
}

/** The keys of {@link DecodePngOptions}. */
export const DECODE_PNG_OPTION_KEYS = ['maxPixels', 'source'] as const;

/** Checks the options of {@link decodePng}/`readPngFile`; returns the pixel limit. */
export function resolveDecodePngOptions(functionName: string, options: DecodePngOptions | undefined, keys: readonly string[]): { maxPixels: number; source?: string } {
  const checked = checkOptions(functionName, options, keys);
  const maxPixels = checkInteger(functionName, 'options.maxPixels', checked.maxPixels ?? DEFAULT_PNG_MAX_PIXELS, { min: 1, max: 2 ** 31 });
  const source = checked.source === undefined ? undefined : checkString(functionName, 'options.source', checked.source);
  return { maxPixels, source };
}

/**
 * Decodes PNG bytes into 8-bit pixels, with bounded memory and one error type for every bad input.
 *
 * Every standard PNG is read: gray, RGB, palette, gray + alpha and RGBA, bit depths 1 to 16, Adam7 interlacing,
 * tRNS transparency. The result has 1 channel for a gray file, 3 for RGB or palette, 4 when the file has alpha
 * (an alpha channel or a tRNS chunk; gray + alpha becomes RGBA): alpha is kept, never composited — pass the image to
 * `toGrayImage` to composite it and get gray values. 16-bit samples are scaled to 8 bits (`round(v * 255 / 65535)`).
 *
 * Order of work: the IHDR dimensions are read and refused above `options.maxPixels` first; then every chunk's length,
 * type and CRC is checked; the image data is inflated with a hard output limit of exactly the size the header
 * implies (a deflate bomb stops there); the pixel buffer (`width * height * channels` bytes) is allocated last.
 * The largest allocation for an accepted file is therefore about 2 × 8 × `maxPixels` bytes (16-bit RGBA data plus the
 * output), 256 MiB at the default limit, and 8-bit images take far less.
 *
 * @param bytes - The PNG file's contents.
 * @param options - `{ maxPixels = 16,777,216, source? }`.
 * @throws ImageFormatError (from `@digitkit/core`) for anything that is not a well-formed PNG within the limit:
 *   empty, truncated, another format, a corrupt chunk or checksum, corrupt or short compressed data, a bad filter or
 *   palette index, dimensions above the limit. The message names `source` when given. TypeError/RangeError for bad
 *   arguments.
 */
export function decodePng(bytes: Uint8Array, options: DecodePngOptions = {}): DecodedImage {
  const { maxPixels, source } = resolveDecodePngOptions('decodePng', options, DECODE_PNG_OPTION_KEYS);
  return decodePngBytes(bytes, maxPixels, { functionName: 'decodePng', source });
}

/** {@link decodePng} once the options are checked; `context` names the public function and the source. */
export function decodePngBytes(bytes: Uint8Array, maxPixels: number, context: PngContext): DecodedImage {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`${context.functionName}: expected bytes to be a Uint8Array (or Buffer), got ${describeValue(bytes)}`);
  }
  const header = readPngHeader(bytes, maxPixels, context);
  const chunks = readPngChunks(bytes, header, context);
  const passes = pngPasses(header);
  const expected = pngDataLength(passes);
  const data = inflateImageData(chunks.compressed, chunks.compressedLength, expected, context);
  unfilterScanlines(data, header, passes, context);
  const channels = outputChannels(header, chunks);
  return { data: expandPixels(data, header, chunks, passes, channels, context), width: header.width, height: header.height, channels };
}

/** Inflates the IDAT stream to exactly `expected` bytes; never produces more. */
function inflateImageData(parts: Uint8Array[], length: number, expected: number, context: PngContext): Uint8Array {
  const compressed = parts.length === 1 ? parts[0] : concat(parts, length);
  let inflated: Buffer;
  try {
    // One output buffer (no growth, no final concatenation) of the expected size + 1 byte (to notice more), but never
    // more than the compressed data can expand to (deflate's ratio is at most 1032:1), so a tiny file that claims a
    // large image does not get a large buffer.
    const chunkSize = Math.max(64, Math.min(expected + 1, 1100 * compressed.length + 64));
    inflated = inflateSync(compressed, { maxOutputLength: expected, chunkSize });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      pngError(context, `${expected} bytes of image data (what the header's size implies)`, 'more (refused; corrupt or hostile file)', undefined, error);
    }
    const found = code === 'Z_BUF_ERROR'
      ? 'compressed image data that ends early (truncated)'
      : `corrupt compressed image data (zlib: ${(error as Error).message})`;
    pngError(context, 'a valid zlib stream in the IDAT chunks', found, undefined, error);
  }
  if (inflated.length !== expected) {
    pngError(context, `${expected} bytes of image data (what the header's size implies)`, `${inflated.length} (truncated)`);
  }
  return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
