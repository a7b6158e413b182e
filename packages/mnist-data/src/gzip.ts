import { readStreamBytes } from '@digitkit/core';
import { IdxFormatError } from './errors.js';

/** Decompresses one gzip file held in memory. */
export type Decompress = (gzipped: Uint8Array) => Promise<Uint8Array>;

/** True when `bytes` starts with the gzip magic number `0x1f 0x8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Universal gunzip built on the web-standard `DecompressionStream('gzip')` (browsers, Deno, Bun,
 * Node ≥ 18). Node code paths in `./node` pass a `node:zlib` implementation instead.
 */
export const decompressWithStreams: Decompress = (gzipped) =>
  readStreamBytes(new Blob([gzipped as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')));

/**
 * Gunzips `bytes` when they start with the gzip magic number, else returns them unchanged.
 * A corrupt or truncated gzip stream becomes an {@link IdxFormatError} whose `cause` is the
 * decompressor's error.
 */
export async function maybeGunzip(
  bytes: Uint8Array,
  decompress: Decompress,
  functionName: string,
  source: string | undefined,
): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  if (decompress === decompressWithStreams && typeof DecompressionStream === 'undefined') {
    // A missing runtime feature is not a format problem: report it as such, outside the try.
    throw new TypeError(`${functionName}: gzip input needs DecompressionStream, which this runtime lacks; pass options.decompress`);
  }
  try {
    return await decompress(bytes);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IdxFormatError({
      functionName,
      expected: 'a valid gzip stream',
      found: `a corrupt gzip stream (${reason})`,
      source,
      cause,
    });
  }
}
