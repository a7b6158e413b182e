/**
 * A PNG writer for the tests, written from the PNG specification (W3C PNG 2nd edition, sections 7–12) and sharing
 * no code with the decoder: every colour type and bit depth, Adam7, all five row filters (chosen per row), several
 * IDAT chunks, PLTE/tRNS and ancillary chunks. pngjs cannot write palette, interlaced or sub-byte images.
 */
import { crc32, deflateSync } from 'node:zlib';

/** What to write. Samples are given at the file's bit depth. */
export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  colorType: 0 | 2 | 3 | 4 | 6;
  interlaced?: boolean;
  /** Sample `k` of pixel (x, y), an integer in [0, 2^bitDepth). */
  sample: (x: number, y: number, k: number) => number;
  /** PLTE bytes (RGB triples). */
  palette?: Uint8Array;
  /** tRNS bytes. */
  transparency?: Uint8Array;
  /** Filter type per row: a fixed type, or 'random' (seeded). Default 'random'. */
  filter?: 0 | 1 | 2 | 3 | 4 | 'random';
  /** Seed of the random filter choice. */
  seed?: number;
  /** Split the compressed data into this many IDAT chunks. Default 1. */
  idatChunks?: number;
}

export const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 pass origins and steps, from the specification's table. */
export const ADAM7_PASSES = [
  { x: 0, y: 0, dx: 8, dy: 8 },
  { x: 4, y: 0, dx: 8, dy: 8 },
  { x: 0, y: 4, dx: 4, dy: 8 },
  { x: 2, y: 0, dx: 4, dy: 4 },
  { x: 0, y: 2, dx: 2, dy: 4 },
  { x: 1, y: 0, dx: 2, dy: 2 },
  { x: 0, y: 1, dx: 1, dy: 2 },
];

/** A PNG chunk: length, type, data, CRC over type + data. */
export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

export function ihdr(width: number, height: number, bitDepth: number, colorType: number, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([bitDepth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', data);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** The raw (unfiltered) scanline bytes of one reduced image, packed at the bit depth. */
function packRow(spec: PngSpec, xs: number[], y: number): Uint8Array {
  const spp = SAMPLES[spec.colorType];
  const bits = xs.length * spp * spec.bitDepth;
  const row = new Uint8Array(Math.ceil(bits / 8));
  let bit = 0;
  for (const x of xs) {
    for (let k = 0; k < spp; k++) {
      const v = spec.sample(x, y, k);
      if (spec.bitDepth === 16) {
        row[bit / 8] = v >> 8;
        row[bit / 8 + 1] = v & 255;
      } else if (spec.bitDepth === 8) {
        row[bit / 8] = v;
      } else {
        row[bit >> 3] |= v << (8 - spec.bitDepth - (bit & 7));
      }
      bit += spec.bitDepth;
    }
  }
  return row;
}

/** Filters a scanline with `type` against the previous raw scanline (spec section 9.2). */
function filterRow(type: number, raw: Uint8Array, prior: Uint8Array | undefined, bpp: number): Uint8Array {
  const out = new Uint8Array(raw.length + 1);
  out[0] = type;
  for (let i = 0; i < raw.length; i++) {
    const a = i >= bpp ? raw[i - bpp] : 0;
    const b = prior ? prior[i] : 0;
    const c = prior && i >= bpp ? prior[i - bpp] : 0;
    const predictor = [0, a, b, Math.floor((a + b) / 2), paeth(a, b, c)][type];
    out[i + 1] = (raw[i] - predictor) & 255;
  }
  return out;
}

/** The filtered, uncompressed image data of `spec` (what IDAT holds once inflated). */
export function scanlines(spec: PngSpec): Uint8Array {
  const bpp = Math.max(1, Math.ceil((SAMPLES[spec.colorType] * spec.bitDepth) / 8));
  let seed = (spec.seed ?? 1) >>> 0;
  const nextFilter = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % 5;
  };
  const passes = spec.interlaced ? ADAM7_PASSES : [{ x: 0, y: 0, dx: 1, dy: 1 }];
  const rows: Uint8Array[] = [];
  for (const pass of passes) {
    const xs: number[] = [];
    for (let x = pass.x; x < spec.width; x += pass.dx) xs.push(x);
    if (xs.length === 0) continue;
    let prior: Uint8Array | undefined;
    for (let y = pass.y; y < spec.height; y += pass.dy) {
      const raw = packRow(spec, xs, y);
      const type = spec.filter === undefined || spec.filter === 'random' ? nextFilter() : spec.filter;
      rows.push(filterRow(type, raw, prior, bpp));
      prior = raw;
    }
  }
  return concatBytes(rows);
}

/** A complete PNG file for `spec`. */
export function writePng(spec: PngSpec): Uint8Array {
  const compressed = deflateSync(scanlines(spec));
  const parts = [SIGNATURE, ihdr(spec.width, spec.height, spec.bitDepth, spec.colorType, spec.interlaced ? 1 : 0)];
  parts.push(chunk('tEXt', new TextEncoder().encode('Comment\0written by the digitkit tests')));
  if (spec.palette) parts.push(chunk('PLTE', spec.palette));
  if (spec.transparency) parts.push(chunk('tRNS', spec.transparency));
  const n = spec.idatChunks ?? 1;
  const size = Math.ceil(compressed.length / n);
  for (let i = 0; i < n; i++) parts.push(chunk('IDAT', compressed.subarray(i * size, Math.min(compressed.length, (i + 1) * size))));
  parts.push(chunk('IEND', new Uint8Array(0)));
  return concatBytes(parts);
}
