import { crc32, deflateSync } from 'node:zlib';
import { createRng, ImageFormatError } from '@digitkit/core';
import { describe, expect, it } from 'vitest';
import { chunk, concatBytes, ihdr, SIGNATURE, scanlines, writePng, type PngSpec } from '../__fixtures__/png-writer.js';
import { decodePng } from './decode-png.js';

/**
 * Fuzz: seeded mutations and truncations of valid PNGs of every kind. The only error allowed is ImageFormatError; a
 * decoded image must be self-consistent and within the pixel limit. Half the byte mutations get their chunk CRCs
 * recomputed so that they reach the deeper stages (header fields, chunk rules, zlib, filters, palette) instead of
 * stopping at the checksum.
 */
const random = createRng(20261201);
const randomInt = (n: number): number => Math.floor(random() * n);
const MAX_PIXELS = 64 * 64;

const seeds: PngSpec[] = [
  { width: 9, height: 7, bitDepth: 8, colorType: 0, sample: (x, y) => (x * 29 + y * 7) % 256 },
  { width: 6, height: 5, bitDepth: 16, colorType: 6, interlaced: true, sample: (x, y, k) => (x * 9001 + y * 77 + k * 5) % 65536 },
  { width: 11, height: 4, bitDepth: 2, colorType: 3, palette: Uint8Array.of(0, 0, 0, 90, 90, 90, 200, 10, 10), transparency: Uint8Array.of(0, 128), sample: (x, y) => (x + y) % 3 },
  { width: 8, height: 8, bitDepth: 8, colorType: 2, interlaced: true, idatChunks: 3, sample: (x, y, k) => (x * 13 + y * 31 + k * 71) % 256 },
  { width: 5, height: 9, bitDepth: 1, colorType: 0, transparency: Uint8Array.of(0, 1), sample: (x, y) => (x ^ y) & 1 },
  { width: 7, height: 3, bitDepth: 8, colorType: 4, sample: (x, y, k) => (k === 0 ? x * 30 : y * 80) % 256 },
];
const valid = seeds.map(writePng);

/** Recomputes the CRC of every complete chunk (after the signature), so a mutation inside a chunk is "valid". */
function fixCrcs(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (length > bytes.length || offset + 12 + length > bytes.length) break;
    view.setUint32(offset + 8 + length, crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    offset += 12 + length;
  }
  return bytes;
}

function mutate(source: Uint8Array, spec: PngSpec): Uint8Array {
  let bytes: Uint8Array = source.slice();
  const kind = randomInt(7);
  if (kind <= 2) {
    // Byte flips, biased towards the header (where most fields are).
    const flips = 1 + randomInt(4);
    for (let k = 0; k < flips; k++) {
      const at = random() < 0.4 ? 8 + randomInt(25) : randomInt(bytes.length);
      bytes[at] = random() < 0.3 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 0x7f, 0x80, 0xff][randomInt(13)] : randomInt(256);
    }
    if (kind >= 1) bytes = fixCrcs(bytes);
  } else if (kind === 3) {
    bytes = bytes.subarray(0, randomInt(bytes.length + 1));
  } else if (kind === 4) {
    // Corrupt the uncompressed scanlines (filter bytes, palette indices) and recompress: a well-formed file.
    const raw = scanlines(spec);
    for (let k = 1 + randomInt(3); k > 0; k--) raw[randomInt(raw.length)] = randomInt(256);
    const extraOrMissing = randomInt(3) - 1; // data one byte short, exact or one byte long
    const data = extraOrMissing < 0 ? raw.subarray(0, raw.length - 1) : extraOrMissing > 0 ? concatBytes([raw, Uint8Array.of(0)]) : raw;
    bytes = concatBytes([
      source.subarray(0, 33),
      ...(spec.palette ? [chunk('PLTE', spec.palette)] : []),
      ...(spec.transparency ? [chunk('tRNS', spec.transparency)] : []),
      chunk('IDAT', deflateSync(data)),
      chunk('IEND', new Uint8Array(0)),
    ]);
  } else if (kind === 5) {
    // A new header with random dimensions, bit depth and colour type in front of the old chunks.
    const dims = [1, 2, 7, 64, 65, 300, 4096, 30000, 2 ** 31 - 1, 2 ** 32 - 1];
    const header = ihdr(dims[randomInt(dims.length)], dims[randomInt(dims.length)], [1, 2, 4, 8, 16][randomInt(5)], [0, 2, 3, 4, 6][randomInt(5)], randomInt(2));
    bytes = concatBytes([SIGNATURE, header, source.subarray(33)]);
  } else {
    // Chunks dropped, duplicated or reordered.
    const chunks: Uint8Array[] = [];
    const view = new DataView(source.buffer, source.byteOffset, source.byteLength);
    for (let offset = 33; offset < source.length; ) {
      const length = view.getUint32(offset);
      chunks.push(source.subarray(offset, offset + 12 + length));
      offset += 12 + length;
    }
    const i = randomInt(chunks.length);
    const j = randomInt(chunks.length);
    const op = randomInt(3);
    if (op === 0) chunks.splice(i, 1);
    else if (op === 1) chunks.splice(i, 0, chunks[j]);
    else [chunks[i], chunks[j]] = [chunks[j], chunks[i]];
    bytes = concatBytes([source.subarray(0, 33), ...chunks]);
  }
  return bytes;
}

describe('fuzz: decodePng', () => {
  it('6000 mutated, truncated and rebuilt PNGs: a consistent image or an ImageFormatError, nothing else', () => {
    let decoded = 0;
    const rejectedBy = new Map<string, number>();
    for (let run = 0; run < 6000; run++) {
      const which = randomInt(valid.length);
      const bytes = mutate(valid[which], seeds[which]);
      try {
        const image = decodePng(bytes, { maxPixels: MAX_PIXELS });
        expect(image.width * image.height).toBeLessThanOrEqual(MAX_PIXELS);
        expect(image.data.length).toBe(image.width * image.height * image.channels);
        expect([1, 3, 4]).toContain(image.channels);
        decoded++;
      } catch (error) {
        if (!(error instanceof ImageFormatError)) {
          throw new Error(`run ${run}: ${String(error)} for bytes [${Array.from(bytes.subarray(0, 48))}]`);
        }
        expect(error.message).toMatch(/^decodePng: expected .+, got .+/);
        expect(error.message).not.toMatch(/\n/);
        const stage = error.expected.replace(/0x[0-9a-f]+/g, 'H').replace(/[0-9]+/g, 'N');
        rejectedBy.set(stage, (rejectedBy.get(stage) ?? 0) + 1);
      }
    }
    if (process.env.PNG_FUZZ_REPORT) console.log({ decoded, rejectedBy: Object.fromEntries([...rejectedBy].sort((a, b) => b[1] - a[1])) });
    // Every stage was reached: many distinct reasons, and some mutations still decode.
    expect(decoded).toBeGreaterThan(100);
    expect(rejectedBy.size).toBeGreaterThan(20);
    for (const reason of [
      'a valid zlib stream in the IDAT chunks',
      'a row filter type N to N',
      'an image of at most N pixels (options.maxPixels)',
      'more chunks up to IEND',
    ]) {
      expect(rejectedBy.get(reason), reason).toBeGreaterThan(0);
    }
  });

  it('every prefix of every seed file is refused as truncated (or, for the full file, decoded)', () => {
    for (const bytes of valid) {
      for (let length = 0; length < bytes.length; length++) {
        expect(() => decodePng(bytes.subarray(0, length))).toThrow(ImageFormatError);
      }
      expect(decodePng(bytes).width).toBeGreaterThan(0);
    }
  });
});
