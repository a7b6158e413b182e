import { DigitKitError } from '@digitkit/core';
import { toGrayImage, toMnistDigit, type MnistDigit } from '@digitkit/preprocess-augment';
import { decodePng, readPngFile, type DecodedImage } from '@digitkit/preprocess-augment/node';
import { UserError } from './user-error.js';

/**
 * Normalizes a decoded image like MNIST (`toGrayImage`, then `toMnistDigit` of @digitkit/preprocess-augment); a
 * blank image becomes a one-line {@link UserError} naming `source`.
 */
function toDigit(image: DecodedImage, source: string): MnistDigit {
  try {
    return toMnistDigit(toGrayImage(image));
  } catch (error) {
    throw new UserError(`${source}: ${oneLine(error).replace(/^\w+: /, '')}`, { cause: error });
  }
}

/**
 * The one line for a PNG that cannot be used: `decodePng`/`readPngFile` errors (an `ImageFormatError` or a
 * `FileSystemError` naming the file, the expected and the found) reworded for the command line.
 */
function pngFailure(error: unknown, source: string): UserError {
  if (!DigitKitError.isInstance(error)) return new UserError(`cannot read ${source}: ${oneLine(error)}`, { cause: error });
  const fields = error as DigitKitError & { code?: string; expected?: string; found?: string };
  if (error.name === 'FileSystemError') {
    if (fields.code === 'ENOENT') return new UserError(`no such file: ${source}`, { cause: error });
    return new UserError(oneLine(error).replace(/^\w+: /, ''), { cause: error });
  }
  if (fields.expected?.includes('pixels') && fields.expected.includes('at most')) {
    return new UserError(`${source} is too large for predict: expected ${fields.expected.replace(/ \(options\.maxPixels\)/, '')}, got ${fields.found}; scale it down first`, { cause: error });
  }
  const detail = oneLine(error)
    .replace(/^\w+: /, '')
    .replace(` in ${source}`, '');
  return new UserError(`${source} is not a valid PNG image (${detail})`, { cause: error });
}

/**
 * Decodes PNG bytes with `decodePng` of @digitkit/preprocess-augment/node (the header's size is checked against its
 * 16,777,216-pixel limit before any pixel is decoded) and normalizes the image like MNIST. Every failure is a
 * one-line {@link UserError} naming `source` — the only error this function throws.
 */
export function pngToDigit(bytes: Uint8Array, source: string): MnistDigit {
  let image: DecodedImage;
  try {
    image = decodePng(bytes, { source });
  } catch (error) {
    throw pngFailure(error, source);
  }
  return toDigit(image, source);
}

/**
 * Reads a PNG file with `readPngFile` (header first: an oversized, non-PNG or non-regular file is refused before the
 * rest is read) and normalizes it like MNIST; every failure is a one-line {@link UserError}.
 */
export async function readPngDigit(path: string): Promise<MnistDigit> {
  let image: DecodedImage;
  try {
    image = await readPngFile(path);
  } catch (error) {
    throw pngFailure(error, path);
  }
  return toDigit(image, path);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
}
