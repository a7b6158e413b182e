/**
 * Direct (loop) Conv2DBackpropFilter over the wasm heap: correct for every stride, padding, dilation and
 * data format, and the `{ fast: false }` kernel. dW[r, s, ci, co] = Σ_{n,y,x} in[n, y·sh + r·dh − top,
 * x·sw + s·dw − left, ci] · dy[n, y, x, co].
 */
import type { Conv2DInfo } from './conv-info.js';
import { layoutOf } from './conv-geometry.js';

/** Writes the filter gradient `[fh, fw, inC, outC]` of a regular convolution into `dw`. */
export function conv2dBackpropFilterReference(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dw: Float32Array,
  info: Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const xs = layoutOf(info.dataFormat, inHeight, inWidth, inChannels);
  const ys = layoutOf(info.dataFormat, outHeight, outWidth, outChannels);
  for (let r = 0; r < filterHeight; r++) {
    const yRMin = Math.max(0, Math.ceil((top - r * dilationHeight) / strideHeight));
    const yRMax = Math.min(outHeight, Math.ceil((inHeight + top - r * dilationHeight) / strideHeight));
    for (let s = 0; s < filterWidth; s++) {
      const yCMin = Math.max(0, Math.ceil((left - s * dilationWidth) / strideWidth));
      const yCMax = Math.min(outWidth, Math.ceil((inWidth + left - s * dilationWidth) / strideWidth));
      for (let ci = 0; ci < inChannels; ci++) {
        for (let co = 0; co < outChannels; co++) {
          let sum = 0;
          for (let n = 0; n < batchSize; n++) {
            for (let yr = yRMin; yr < yRMax; yr++) {
              const xr = yr * strideHeight + r * dilationHeight - top;
              const xBase = n * xs.batch + xr * xs.row + ci * xs.channel;
              const yBase = n * ys.batch + yr * ys.row + co * ys.channel;
              for (let yc = yCMin; yc < yCMax; yc++) {
                const xc = yc * strideWidth + s * dilationWidth - left;
                sum += x[xBase + xc * xs.col] * dy[yBase + yc * ys.col];
              }
            }
          }
          dw[((r * filterWidth + s) * inChannels + ci) * outChannels + co] = sum;
        }
      }
    }
  }
}

