import { PNG } from 'pngjs';

/** Options for {@link mnistToPng} (test helper). */
export interface MnistToPngOptions {
  /** Integer upscaling factor (nearest neighbour). Default 3. */
  scale?: number;
  /** Extra margin in output pixels left/top and right/bottom. Default [7, 11] / [13, 5]. */
  padding?: { left: number; top: number; right: number; bottom: number };
  /** `dark-on-light` inverts MNIST's white-on-black. Default `light-on-dark`. */
  polarity?: 'dark-on-light' | 'light-on-dark';
}

/** Encodes one 28x28 MNIST image as an RGB(A) PNG, upscaled and off-centre, in either polarity. */
export function mnistToPng(pixels: Uint8Array, options: MnistToPngOptions = {}): Buffer {
  const scale = options.scale ?? 3;
  const pad = options.padding ?? { left: 7, top: 11, right: 13, bottom: 5 };
  const width = 28 * scale + pad.left + pad.right;
  const height = 28 * scale + pad.top + pad.bottom;
  const png = new PNG({ width, height });
  const invert = options.polarity === 'dark-on-light';
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x - pad.left) / scale);
      const sy = Math.floor((y - pad.top) / scale);
      const inside = x >= pad.left && y >= pad.top && sx < 28 && sy < 28;
      const ink = inside ? pixels[sy * 28 + sx] : 0;
      const v = invert ? 255 - ink : ink;
      const o = 4 * (y * width + x);
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = v;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
