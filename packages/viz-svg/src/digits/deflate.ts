/**
 * A small, dependency-free DEFLATE (RFC 1951) compressor: greedy LZ77 with a one-entry hash table and
 * the fixed Huffman code. Not as tight as zlib, but good at the long runs of zeros in digit images
 * and small enough to keep the package universal (no node:zlib, no CompressionStream).
 */

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

const WINDOW = 32768;
const MAX_MATCH = 258;
const MIN_MATCH = 3;
const HASH_BITS = 15;

function reverseBits(code: number, length: number): number {
  let out = 0;
  for (let i = 0; i < length; i++) {
    out = (out << 1) | (code & 1);
    code >>>= 1;
  }
  return out;
}

/** Fixed literal/length code (RFC 1951 §3.2.6), pre-reversed for an LSB-first bit writer. */
const LITERAL_CODES = new Uint16Array(288);
const LITERAL_LENGTHS = new Uint8Array(288);
for (let sym = 0; sym < 288; sym++) {
  let code: number;
  let length: number;
  if (sym < 144) [code, length] = [0x30 + sym, 8];
  else if (sym < 256) [code, length] = [0x190 + sym - 144, 9];
  else if (sym < 280) [code, length] = [sym - 256, 7];
  else [code, length] = [0xc0 + sym - 280, 8];
  LITERAL_CODES[sym] = reverseBits(code, length);
  LITERAL_LENGTHS[sym] = length;
}
const DIST_CODES = Uint8Array.from({ length: 30 }, (_, i) => reverseBits(i, 5));

/** Length → symbol index (0..28) lookup for lengths 3..258. */
const LENGTH_SYMBOL = new Uint8Array(259);
for (let s = 0; s < 29; s++) {
  const end = s === 28 ? 259 : LENGTH_BASE[s + 1];
  for (let len = LENGTH_BASE[s]; len < end && len <= 258; len++) LENGTH_SYMBOL[len] = s;
}
LENGTH_SYMBOL[258] = 28;

function distanceSymbol(distance: number): number {
  let s = 0;
  while (s < 29 && DIST_BASE[s + 1] <= distance) s++;
  return s;
}

class BitWriter {
  bytes: Uint8Array;
  length = 0;
  private bitBuffer = 0;
  private bitCount = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(64, capacity));
  }
  write(value: number, bits: number): void {
    this.bitBuffer |= value << this.bitCount;
    this.bitCount += bits;
    while (this.bitCount >= 8) {
      this.pushByte(this.bitBuffer & 0xff);
      this.bitBuffer >>>= 8;
      this.bitCount -= 8;
    }
  }
  flush(): void {
    if (this.bitCount > 0) this.pushByte(this.bitBuffer & 0xff);
    this.bitBuffer = 0;
    this.bitCount = 0;
  }
  private pushByte(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }
}

/** Compresses `input` into one final fixed-Huffman DEFLATE block. */
export function deflateRaw(input: Uint8Array): Uint8Array {
  const out = new BitWriter((input.length >> 2) + 16);
  out.write(1, 1); // BFINAL
  out.write(1, 2); // BTYPE = 01, fixed Huffman
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const n = input.length;
  const hash = (i: number) => (((input[i] << 10) ^ (input[i + 1] << 5) ^ input[i + 2]) * 2654435761) >>> (32 - HASH_BITS);
  const literal = (sym: number) => out.write(LITERAL_CODES[sym], LITERAL_LENGTHS[sym]);
  let i = 0;
  while (i < n) {
    let bestLength = 0;
    let bestDistance = 0;
    if (i + MIN_MATCH <= n) {
      const limit = Math.min(MAX_MATCH, n - i);
      // Candidate 1: a run of the previous byte (distance 1).
      if (i > 0) {
        let len = 0;
        while (len < limit && input[i + len] === input[i - 1 + len]) len++;
        if (len >= MIN_MATCH) {
          bestLength = len;
          bestDistance = 1;
        }
      }
      // Candidate 2: the last position with the same 3-byte hash.
      const h = hash(i);
      const candidate = head[h];
      head[h] = i;
      if (candidate >= 0 && i - candidate <= WINDOW && bestLength < limit) {
        let len = 0;
        while (len < limit && input[candidate + len] === input[i + len]) len++;
        if (len >= MIN_MATCH && len > bestLength) {
          bestLength = len;
          bestDistance = i - candidate;
        }
      }
    }
    if (bestLength >= MIN_MATCH) {
      const ls = LENGTH_SYMBOL[bestLength];
      literal(257 + ls);
      if (LENGTH_EXTRA[ls]) out.write(bestLength - LENGTH_BASE[ls], LENGTH_EXTRA[ls]);
      const ds = distanceSymbol(bestDistance);
      out.write(DIST_CODES[ds], 5);
      if (DIST_EXTRA[ds]) out.write(bestDistance - DIST_BASE[ds], DIST_EXTRA[ds]);
      // Index a few positions inside the match so later repeats can find them.
      const end = i + bestLength;
      for (let j = i + 1; j < end && j + MIN_MATCH <= n; j += 1) head[hash(j)] = j;
      i = end;
    } else {
      literal(input[i]);
      i++;
    }
  }
  literal(256); // end of block
  out.flush();
  return out.bytes.subarray(0, out.length);
}

/** Adler-32 checksum (RFC 1950). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950): header, fixed-Huffman DEFLATE data, Adler-32. */
export function zlibCompress(input: Uint8Array): Uint8Array {
  const body = deflateRaw(input);
  const out = new Uint8Array(body.length + 6);
  out[0] = 0x78; // CM=8, CINFO=7 (32 KiB window)
  out[1] = 0x01; // FLEVEL=0, FCHECK so that (0x78 << 8 | 0x01) % 31 === 0
  out.set(body, 2);
  const checksum = adler32(input);
  out[body.length + 2] = checksum >>> 24;
  out[body.length + 3] = (checksum >>> 16) & 0xff;
  out[body.length + 4] = (checksum >>> 8) & 0xff;
  out[body.length + 5] = checksum & 0xff;
  return out;
}
