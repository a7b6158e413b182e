import { open } from 'node:fs/promises';
import { FileSystemError } from '@digitkit/core';
import { decodePngBytes, resolveDecodePngOptions, type DecodedImage } from './decode-png.js';
import { PNG_HEADER_BYTES, pngError, readPngHeader } from './png-header.js';
import { pngDataLength, pngPasses } from './png-scanlines.js';

/** Options of {@link readPngFile}. */
export interface ReadPngFileOptions {
  /** Largest accepted `width * height`, checked from the header before the rest of the file is read. Default 4096 × 4096. */
  maxPixels?: number;
}

/** Room for metadata chunks (text, ICC profile, EXIF…) on top of the image data in a file {@link readPngFile} accepts. */
const METADATA_ALLOWANCE = 16 * 2 ** 20;

/**
 * Reads and decodes a PNG file (see `decodePng` for the formats and the result). Only the first 33 bytes are read
 * before the header is checked, so an oversized or non-PNG file is refused without reading it; a file larger than its
 * image data could need (uncompressed size + 1/64 + 16 MiB of metadata) is refused too, and only regular files are
 * read (a FIFO or device would block). Memory stays bounded as in `decodePng`.
 *
 * @param path - The file.
 * @param options - `{ maxPixels = 16,777,216 }`.
 * @throws ImageFormatError naming the file for an empty, truncated, corrupt, oversized or non-PNG file;
 *   FileSystemError naming the file when it cannot be read (missing, a directory, no permission);
 *   TypeError/RangeError for bad arguments.
 */
export async function readPngFile(path: string, options: ReadPngFileOptions = {}): Promise<DecodedImage> {
  const functionName = 'readPngFile';
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`${functionName}: expected path to be a non-empty string, got ${typeof path === 'string' ? 'the empty string' : typeof path}`);
  }
  const { maxPixels } = resolveDecodePngOptions(functionName, options, ['maxPixels']);
  const context = { functionName, source: path };
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw FileSystemError.from(error, { functionName, operation: 'open', path });
  }
  try {
    const bytes = await readBounded(handle, path, functionName, async (size, head) => {
      const header = readPngHeader(head, maxPixels, context);
      const limit = pngFileSizeLimit(pngDataLength(pngPasses(header)));
      if (size > limit) {
        pngError(context, `a file of at most ${limit} bytes for a ${header.width}x${header.height} image`, `${size} bytes`);
      }
    });
    return decodePngBytes(bytes, maxPixels, context);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The largest file accepted for `dataLength` bytes of uncompressed image data. */
function pngFileSizeLimit(dataLength: number): number {
  return dataLength + Math.ceil(dataLength / 64) + METADATA_ALLOWANCE;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/** Reads the first bytes, lets `check` refuse the file from them and its size, then reads the rest. */
async function readBounded(
  handle: FileHandle,
  path: string,
  functionName: string,
  check: (size: number, head: Uint8Array) => Promise<void>,
): Promise<Uint8Array> {
  let size: number;
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new FileSystemError({ functionName, operation: 'read', path, problem: 'not a regular file', fix: 'pass the path of a PNG file' });
    }
    size = stats.size;
  } catch (error) {
    throw FileSystemError.from(error, { functionName, operation: 'read', path });
  }
  const head = await readAt(handle, Math.min(size, PNG_HEADER_BYTES), 0, path, functionName);
  await check(size, head);
  const bytes = new Uint8Array(size);
  bytes.set(head);
  const rest = await readAt(handle, size - head.length, head.length, path, functionName);
  bytes.set(rest, head.length);
  // A file that shrank while being read is simply short: the decoder reports it as truncated.
  return head.length + rest.length === size ? bytes : bytes.subarray(0, head.length + rest.length);
}

async function readAt(handle: FileHandle, length: number, position: number, path: string, functionName: string): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let done = 0;
  try {
    while (done < length) {
      const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
  } catch (error) {
    throw FileSystemError.from(error, { functionName, operation: 'read', path });
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
