import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { rgbaToGray, toMnistDigit, type MnistDigit } from '@digitkit/preprocess-augment';
import { UserError } from './user-error.js';

/** Reads a PNG file and normalizes it like MNIST; every failure becomes a one-line {@link UserError}. */
export async function readPngDigit(path: string): Promise<MnistDigit> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new UserError(`${path} is not a valid PNG image (${(error as Error).message})`, { cause: error });
  }
  try {
    return toMnistDigit(rgbaToGray(png.data, png.width, png.height));
  } catch (error) {
    throw new UserError(`${path}: ${(error as Error).message.replace(/^toMnistDigit: /, '')}`, { cause: error });
  }
}
