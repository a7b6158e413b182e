import type { PngChunks } from './png-chunks.js';
import { pngError, type PngContext, type PngHeader } from './png-header.js';
import type { PngPass } from './png-scanlines.js';

/** Channels of the decoded image: 1 gray, 3 RGB, 4 RGBA (alpha from the file's alpha channel or its tRNS chunk). */
export function outputChannels(header: PngHeader, chunks: PngChunks): 1 | 3 | 4 {
  if (header.colorType === 4 || header.colorType === 6 || chunks.transparency !== undefined) return 4;
  return header.colorType === 0 ? 1 : 3;
}

/**
 * Expands unfiltered scanlines into 8-bit samples, row-major, `channels` per pixel: 16-bit samples are scaled to
 * 8 bits (`round(v * 255 / 65535)`), 1/2/4-bit gray to 0..255, palette indices to their RGB(A) entry, gray + alpha
 * to RGBA, and a tRNS colour (compared at the file's bit depth) to alpha 0 (every other pixel 255).
 *
 * @throws ImageFormatError for a palette index beyond the palette.
 */
export function expandPixels(
  data: Uint8Array,
  header: PngHeader,
  chunks: PngChunks,
  passes: readonly PngPass[],
  channels: 1 | 3 | 4,
  context: PngContext,
): Uint8Array {
  const { width, bitDepth, colorType, samplesPerPixel: spp } = header;
  const out = new Uint8Array(width * header.height * channels);
  if (bitDepth === 8 && channels === spp) {
    copyPixels(data, out, width, channels, passes);
    return out;
  }
  const sample = new Uint16Array(4);
  const maxSample = 2 ** bitDepth - 1;
  const scale = scaleTable(bitDepth);
  const palette = chunks.palette;
  const paletteEntries = palette === undefined ? 0 : palette.length / 3;
  const alphas = chunks.transparency;
  const key = alphas !== undefined && colorType !== 3 ? readKey(alphas) : undefined;
  let offset = 0;
  for (const pass of passes) {
    if (pass.width === 0 || pass.height === 0) continue;
    for (let row = 0; row < pass.height; row++) {
      const start = offset + 1;
      const y = pass.y0 + row * pass.dy;
      for (let i = 0; i < pass.width; i++) {
        // Read the pixel's samples at the file's bit depth.
        if (bitDepth === 8) {
          for (let k = 0; k < spp; k++) sample[k] = data[start + i * spp + k];
        } else if (bitDepth === 16) {
          for (let k = 0; k < spp; k++) {
            const at = start + 2 * (i * spp + k);
            sample[k] = (data[at] << 8) | data[at + 1];
          }
        } else {
          const bit = i * bitDepth;
          sample[0] = (data[start + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & maxSample;
        }
        const o = ((y * width) + pass.x0 + i * pass.dx) * channels;
        if (colorType === 3) {
          const index = sample[0];
          if (index >= paletteEntries) {
            pngError(context, `palette indices below ${paletteEntries} (the PLTE size)`, `index ${index} at pixel (${pass.x0 + i * pass.dx}, ${y})`);
          }
          out[o] = palette![3 * index];
          out[o + 1] = palette![3 * index + 1];
          out[o + 2] = palette![3 * index + 2];
          if (channels === 4) out[o + 3] = index < alphas!.length ? alphas![index] : 255;
        } else if (colorType === 0 || colorType === 4) {
          const gray = scale[sample[0]];
          if (channels === 1) {
            out[o] = gray;
          } else {
            out[o] = out[o + 1] = out[o + 2] = gray;
            out[o + 3] = colorType === 4 ? scale[sample[1]] : sample[0] === key![0] ? 0 : 255;
          }
        } else {
          out[o] = scale[sample[0]];
          out[o + 1] = scale[sample[1]];
          out[o + 2] = scale[sample[2]];
          if (channels === 4) {
            out[o + 3] = colorType === 6
              ? scale[sample[3]]
              : sample[0] === key![0] && sample[1] === key![1] && sample[2] === key![2] ? 0 : 255;
          }
        }
      }
      offset = start + pass.stride;
    }
  }
  return out;
}

const scaleTables = new Map<number, Uint8Array>();

/** Sample value at `bitDepth` → 8 bits, `round(v * 255 / (2^bitDepth - 1))`, as a lookup table (64 KiB for 16 bits). */
function scaleTable(bitDepth: number): Uint8Array {
  let table = scaleTables.get(bitDepth);
  if (table === undefined) {
    const max = 2 ** bitDepth - 1;
    table = Uint8Array.from({ length: max + 1 }, (_, v) => Math.round((v * 255) / max));
    scaleTables.set(bitDepth, table);
  }
  return table;
}

/** The transparent colour of a gray (1 value) or RGB (3 values) tRNS chunk, as 16-bit numbers. */
function readKey(data: Uint8Array): number[] {
  const key: number[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) key.push((data[i] << 8) | data[i + 1]);
  return key;
}

/** The fast path for 8-bit gray, RGB and RGBA without tRNS: the samples are the output bytes, row by row. */
function copyPixels(data: Uint8Array, out: Uint8Array, width: number, channels: number, passes: readonly PngPass[]): void {
  let offset = 0;
  for (const pass of passes) {
    if (pass.width === 0 || pass.height === 0) continue;
    for (let row = 0; row < pass.height; row++) {
      const start = offset + 1;
      const rowStart = ((pass.y0 + row * pass.dy) * width + pass.x0) * channels;
      if (pass.dx === 1) {
        out.set(data.subarray(start, start + pass.stride), rowStart);
      } else {
        const step = pass.dx * channels;
        for (let i = 0, o = rowStart, at = start; i < pass.width; i++, o += step, at += channels) {
          for (let k = 0; k < channels; k++) out[o + k] = data[at + k];
        }
      }
      offset = start + pass.stride;
    }
  }
}
