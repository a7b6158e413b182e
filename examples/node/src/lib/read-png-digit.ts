import { readFile, stat } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { rgbaToGray, toMnistDigit, type MnistDigit } from '@digitkit/preprocess-augment';
import { UserError } from './user-error.js';

/** Largest image `predict` decodes: 16,777,216 pixels (4096 × 4096), checked from the PNG header before decoding. */
export const MAX_PNG_PIXELS = 4096 * 4096;

/** Largest PNG file `predict` reads: 256 MiB (a 4096 × 4096 16-bit RGBA image stored uncompressed is 128 MiB). */
export const MAX_PNG_FILE_BYTES = 256 * 1024 * 1024;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Reads the width and height from a PNG's IHDR chunk (bytes 16–23) and refuses the file when it is not a PNG or the
 * image is larger than {@link MAX_PNG_PIXELS}, so no pixel is decoded (and no memory taken) for a hostile header.
 */
export function checkPngHeader(bytes: Uint8Array, source: string): { width: number; height: number } {
  if (bytes.length === 0) throw new UserError(`${source} is empty (0 bytes), not a PNG image`);
  if (bytes.length < 24 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new UserError(`${source} is not a valid PNG image (no PNG signature and header in its first 24 bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR' || view.getUint32(8) !== 13) {
    throw new UserError(`${source} is not a valid PNG image (its first chunk is not a 13-byte IHDR header)`);
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw new UserError(`${source} is not a valid PNG image (size ${width}x${height})`);
  if (width * height > MAX_PNG_PIXELS) {
    throw new UserError(
      `${source} is ${width}x${height} pixels; predict accepts at most ${MAX_PNG_PIXELS.toLocaleString('en-US')} pixels (4096x4096) — scale it down first`,
    );
  }
  return { width, height };
}

/**
 * Decodes PNG bytes and normalizes the image like MNIST (`toMnistDigit`). The header is checked first
 * ({@link checkPngHeader}); every failure is a one-line {@link UserError} naming `source` — the only error this
 * function throws.
 */
export function pngToDigit(bytes: Uint8Array, source: string): MnistDigit {
  checkPngHeader(bytes, source);
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new UserError(`${source} is not a valid PNG image (${oneLine(error)})`, { cause: error });
  }
  try {
    return toMnistDigit(rgbaToGray(png.data, png.width, png.height));
  } catch (error) {
    throw new UserError(`${source}: ${oneLine(error).replace(/^toMnistDigit: /, '')}`, { cause: error });
  }
}

/** Reads a PNG file and normalizes it like MNIST; every failure becomes a one-line {@link UserError}. */
export async function readPngDigit(path: string): Promise<MnistDigit> {
  let bytes: Buffer;
  try {
    const { size } = await stat(path);
    if (size > MAX_PNG_FILE_BYTES) {
      throw new UserError(`${path} is ${(size / 2 ** 20).toFixed(0)} MiB; predict reads PNG files of at most 256 MiB`);
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? `no such file: ${path}` : code === 'EISDIR' ? `${path} is a folder, not a PNG file` : `cannot read ${path}: ${oneLine(error)}`;
    throw new UserError(problem, { cause: error });
  }
  return pngToDigit(bytes, path);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
}
