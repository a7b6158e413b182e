/**
 * Test helpers (never published): render a 28×28 MNIST digit large into an RGBA buffer, and write minimal PNG files
 * (8-bit gray or RGBA, filter 0, one IDAT) from the PNG specification with node:zlib.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Where and how {@link renderDigit} draws. */
export interface RenderSpec {
  width: number;
  height: number;
  /** Integer upscaling factor (nearest neighbour). */
  scale: number;
  /** Top-left corner of the upscaled 28×28 square. */
  x: number;
  y: number;
  /** `'light-on-dark'`: white ink on black (MNIST); `'dark-on-light'`: black ink on white paper. */
  polarity: 'light-on-dark' | 'dark-on-light';
}

/** RGBA bytes (`width * height * 4`, opaque) of one 28×28 digit (bytes, 0 = background) drawn as `spec` says. */
export function renderDigit(digit: Uint8Array, spec: RenderSpec): Uint8ClampedArray {
  const { width, height, scale, x, y, polarity } = spec;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const sx = Math.floor((px - x) / scale);
      const sy = Math.floor((py - y) / scale);
      const ink = sx >= 0 && sx < 28 && sy >= 0 && sy < 28 ? digit[sy * 28 + sx] : 0;
      const value = polarity === 'light-on-dark' ? ink : 255 - ink;
      const o = (py * width + px) * 4;
      rgba[o] = rgba[o + 1] = rgba[o + 2] = value;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A PNG file of 8-bit pixels: `channels` 1 (gray, colour type 0) or 4 (RGBA, colour type 6). */
export function encodePng(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 1 | 4): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 6;
  const rows = Buffer.alloc(height * (1 + width * channels));
  for (let y = 0; y < height; y++) {
    rows[y * (1 + width * channels)] = 0;
    rows.set(pixels.subarray(y * width * channels, (y + 1) * width * channels), y * (1 + width * channels) + 1);
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))]));
}
