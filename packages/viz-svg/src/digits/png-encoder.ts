import { zlibCompress } from './deflate.js';

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

/** CRC-32 (ISO 3309, as used by PNG) of bytes[start, end). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Inputs of {@link encodePng}. */
export interface PngImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** 1 = 8-bit grayscale, 3 = 8-bit RGB. */
  channels: 1 | 3;
  /** Row-major pixels, `width*height*channels` bytes. */
  data: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Encodes an 8-bit grayscale or RGB image as PNG bytes (filter type None on every row, fixed-Huffman DEFLATE).
 * Universal: no node:zlib, no CompressionStream.
 * @throws RangeError when `data` does not hold `width*height*channels` bytes.
 */
export function encodePng(image: PngImage): Uint8Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1 || (channels !== 1 && channels !== 3)) {
    throw new RangeError(`encodePng: expected positive integer width/height and channels 1 or 3, got ${width}x${height}x${channels}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`encodePng: expected ${width}x${height}x${channels} = ${width * height * channels} bytes, got ${data.length}`);
  }
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const idat = zlibCompress(raw);
  const total = 8 + (12 + 13) + (12 + idat.length) + 12;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(SIGNATURE, 0);
  let offset = 8;
  const chunk = (type: string, body: Uint8Array) => {
    view.setUint32(offset, body.length);
    for (let i = 0; i < 4; i++) out[offset + 4 + i] = type.charCodeAt(i);
    out.set(body, offset + 8);
    view.setUint32(offset + 8 + body.length, crc32(out, offset + 4, offset + 8 + body.length));
    offset += 12 + body.length;
  };
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // color type: grayscale or truecolor
  chunk('IHDR', header);
  chunk('IDAT', idat);
  chunk('IEND', new Uint8Array(0));
  return out;
}
