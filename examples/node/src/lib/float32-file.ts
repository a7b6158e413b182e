import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@digitkit/core/node';
import { UserError } from './user-error.js';

/** Writes float32 values as little-endian bytes, atomically. */
export async function writeFloat32File(path: string, values: Float32Array): Promise<void> {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  await writeFileAtomic(path, bytes, { functionName: 'digitkit' });
}

/**
 * Reads a little-endian float32 file that must hold exactly `length` values.
 *
 * @param fix - What to do when the file is missing or has the wrong size (ends the one-line message).
 * @param range - When given, every value must lie in `[min, max]` (NaN never does); `what` names it in the message.
 * @throws UserError naming the file, the expected and the found size, and `fix`.
 */
export async function readFloat32File(
  path: string,
  length: number,
  fix: string,
  range?: { min: number; max: number; what: string },
): Promise<Float32Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UserError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${fix}`, { cause: error });
  }
  if (bytes.length !== length * 4) {
    throw new UserError(`${path}: expected ${length * 4} bytes (${length} float32), got ${bytes.length}; ${fix}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const value = view.getFloat32(i * 4, true);
    // NaN fails both comparisons' negations: !(NaN >= min).
    if (range && !(value >= range.min && value <= range.max)) {
      throw new UserError(`${path}: expected ${range.what}, got ${value} at value ${i} (byte ${i * 4}); ${fix}`);
    }
    out[i] = value;
  }
  return out;
}
