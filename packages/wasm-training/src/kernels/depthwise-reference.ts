/**
 * Direct (loop) gradients of a depthwise convolution (NHWC; filter `[fh, fw, inC, multiplier]`, output
 * channel `ci·multiplier + q`), correct for every stride, padding and dilation tfjs accepts.
 */
import type { Conv2DInfo } from './conv-info.js';

/** dW[r, s, ci, q] = Σ_{n,y,x} in[n, y·sh + r·dh − top, x·sw + s·dw − left, ci] · dy[n, y, x, ci·m + q]. */
export function depthwiseBackpropFilterReference(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dw: Float32Array,
  info: Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const multiplier = outChannels / inChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  dw.fill(0);
  for (let r = 0; r < filterHeight; r++) {
    const yRMin = Math.max(0, Math.ceil((top - r * dilationHeight) / strideHeight));
    const yRMax = Math.min(outHeight, Math.ceil((inHeight + top - r * dilationHeight) / strideHeight));
    for (let s = 0; s < filterWidth; s++) {
      const yCMin = Math.max(0, Math.ceil((left - s * dilationWidth) / strideWidth));
      const yCMax = Math.min(outWidth, Math.ceil((inWidth + left - s * dilationWidth) / strideWidth));
      const wBase = (r * filterWidth + s) * outChannels;
      for (let n = 0; n < batchSize; n++) {
        for (let yr = yRMin; yr < yRMax; yr++) {
          const xr = yr * strideHeight + r * dilationHeight - top;
          for (let yc = yCMin; yc < yCMax; yc++) {
            const xc = yc * strideWidth + s * dilationWidth - left;
            const xBase = ((n * inHeight + xr) * inWidth + xc) * inChannels;
            const yBase = ((n * outHeight + yr) * outWidth + yc) * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const xv = x[xBase + ci];
              for (let q = 0; q < multiplier; q++) {
                const o = ci * multiplier + q;
                dw[wBase + o] += xv * dy[yBase + o];
              }
            }
          }
        }
      }
    }
  }
}

/** dx[n, xr, xc, ci] = Σ_{r,s,q} dy[n, y, x, ci·m + q] · W[r, s, ci, q] over the (y, x) that read (xr, xc). */
export function depthwiseBackpropInputReference(
  dy: ArrayLike<number>,
  filter: ArrayLike<number>,
  dx: Float32Array,
  info: Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const multiplier = outChannels / inChannels;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  dx.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let yr = 0; yr < outHeight; yr++) {
      for (let r = 0; r < filterHeight; r++) {
        const xr = yr * strideHeight + r * dilationHeight - top;
        if (xr < 0 || xr >= inHeight) continue;
        for (let yc = 0; yc < outWidth; yc++) {
          const yBase = ((n * outHeight + yr) * outWidth + yc) * outChannels;
          for (let s = 0; s < filterWidth; s++) {
            const xc = yc * strideWidth + s * dilationWidth - left;
            if (xc < 0 || xc >= inWidth) continue;
            const xBase = ((n * inHeight + xr) * inWidth + xc) * inChannels;
            const wBase = (r * filterWidth + s) * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              let sum = 0;
              for (let q = 0; q < multiplier; q++) {
                const o = ci * multiplier + q;
                sum += dy[yBase + o] * filter[wBase + o];
              }
              dx[xBase + ci] += sum;
            }
          }
        }
      }
    }
  }
}
