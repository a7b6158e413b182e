import { chunkCrc, PNG_HEADER_BYTES, pngError, readUint32, type PngContext, type PngHeader } from './png-header.js';

/** What the decoder needs from the chunks after IHDR. */
export interface PngChunks {
  /** PLTE entries, 3 bytes (RGB) each; only for colour type 3. */
  palette?: Uint8Array;
  /** tRNS contents: per-entry alphas (type 3), one 16-bit gray (type 0) or one 16-bit RGB (type 2). */
  transparency?: Uint8Array;
  /** The compressed image data: every IDAT chunk, in order. */
  compressed: Uint8Array[];
  /** Total length of `compressed`. */
  compressedLength: number;
}

const MAX_CHUNK_LENGTH = 2 ** 31 - 1;

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/**
 * Walks the chunks after IHDR up to IEND, checking every length, type and CRC, the chunk order the decoder relies
 * on (PLTE and tRNS before the IDATs, the IDATs consecutive) and the palette and transparency sizes.
 * Unknown ancillary chunks (lower-case first letter) are skipped; unknown critical ones are refused.
 *
 * @throws ImageFormatError for a truncated file (no IEND), a corrupt chunk, a bad order or size.
 */
export function readPngChunks(bytes: Uint8Array, header: PngHeader, context: PngContext): PngChunks {
  const chunks: PngChunks = { compressed: [], compressedLength: 0 };
  let offset = PNG_HEADER_BYTES;
  let idatState: 'before' | 'inside' | 'after' = 'before';
  for (;;) {
    if (offset + 8 > bytes.length) {
      pngError(context, 'more chunks up to IEND', `the file ends after ${bytes.length} bytes (truncated)`, offset);
    }
    const length = readUint32(bytes, offset);
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    if (!typeBytes.every(isLetter)) {
      pngError(context, 'a chunk type of 4 letters', `bytes ${Array.from(typeBytes, (b) => b.toString(16).padStart(2, '0')).join(' ')} (corrupt chunk)`, offset + 4);
    }
    const type = String.fromCharCode(...typeBytes);
    if (length > MAX_CHUNK_LENGTH) pngError(context, `the length of the ${type} chunk to be below 2^31`, String(length), offset);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) {
      pngError(context, `the ${length} bytes of the ${type} chunk and its checksum`, `the file ends after ${bytes.length} bytes (truncated)`, offset);
    }
    const stored = readUint32(bytes, dataEnd);
    const computed = chunkCrc(bytes, offset + 4, dataEnd);
    if (stored !== computed) {
      pngError(context, `checksum 0x${computed.toString(16).padStart(8, '0')} of the ${type} chunk`, `0x${stored.toString(16).padStart(8, '0')} (the chunk is corrupt)`, dataEnd);
    }
    const data = bytes.subarray(dataStart, dataEnd);
    if (type !== 'IDAT' && idatState === 'inside') idatState = 'after';
    switch (type) {
      case 'IEND':
        return finish(chunks, header, context, offset);
      case 'IDAT':
        if (idatState === 'after') pngError(context, 'consecutive IDAT chunks', `an IDAT chunk after another chunk`, offset);
        idatState = 'inside';
        chunks.compressed.push(data);
        chunks.compressedLength += data.length;
        break;
      case 'PLTE':
        readPalette(chunks, data, header, context, offset, idatState);
        break;
      case 'tRNS':
        readTransparency(chunks, data, header, context, offset, idatState);
        break;
      case 'IHDR':
        pngError(context, 'one IHDR chunk', 'a second IHDR chunk', offset);
      default:
        if ((typeBytes[0] & 0x20) === 0) pngError(context, 'only the critical chunks IHDR, PLTE, IDAT, IEND', `an unknown critical chunk ${type}`, offset);
    }
    offset = dataEnd + 4;
  }
}

function readPalette(chunks: PngChunks, data: Uint8Array, header: PngHeader, context: PngContext, offset: number, idat: string): void {
  if (idat !== 'before' || chunks.palette !== undefined) pngError(context, 'one PLTE chunk before the IDAT chunks', 'a PLTE chunk after them or a second one', offset);
  if (header.colorType === 0 || header.colorType === 4) pngError(context, 'no PLTE chunk in a gray image', 'a PLTE chunk', offset);
  const entries = data.length / 3;
  if (!Number.isInteger(entries) || entries < 1 || entries > 256) {
    pngError(context, 'a PLTE chunk of 1 to 256 three-byte entries', `${data.length} bytes`, offset);
  }
  if (header.colorType === 3) {
    if (entries > 2 ** header.bitDepth) pngError(context, `at most ${2 ** header.bitDepth} palette entries for bit depth ${header.bitDepth}`, `${entries}`, offset);
    chunks.palette = data;
  }
}

function readTransparency(chunks: PngChunks, data: Uint8Array, header: PngHeader, context: PngContext, offset: number, idat: string): void {
  if (idat !== 'before' || chunks.transparency !== undefined) pngError(context, 'one tRNS chunk before the IDAT chunks', 'a tRNS chunk after them or a second one', offset);
  switch (header.colorType) {
    case 3:
      if (chunks.palette === undefined) pngError(context, 'the PLTE chunk before tRNS', 'tRNS first', offset);
      if (data.length > chunks.palette.length / 3) {
        pngError(context, `at most ${chunks.palette.length / 3} tRNS entries (one per palette entry)`, `${data.length}`, offset);
      }
      break;
    case 0:
      if (data.length !== 2) pngError(context, 'a 2-byte tRNS chunk for a gray image', `${data.length} bytes`, offset);
      break;
    case 2:
      if (data.length !== 6) pngError(context, 'a 6-byte tRNS chunk for an RGB image', `${data.length} bytes`, offset);
      break;
    default:
      pngError(context, 'no tRNS chunk in an image with an alpha channel', 'a tRNS chunk', offset);
  }
  chunks.transparency = data;
}

function finish(chunks: PngChunks, header: PngHeader, context: PngContext, offset: number): PngChunks {
  if (header.colorType === 3 && chunks.palette === undefined) pngError(context, 'a PLTE chunk in a palette image', 'none', offset);
  if (chunks.compressed.length === 0) pngError(context, 'at least one IDAT chunk (the image data)', 'none before IEND', offset);
  return chunks;
}
