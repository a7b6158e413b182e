/**
 * Direct (loop) MaxPoolGrad over the wasm heap, NHWC: each dy goes to the first maximum of its window (strict `>`
 * from −∞, the tfjs cpu backend's rule: ties route to the first, windows of only −∞ or NaN route nothing). The
 * fallback where the SIMD module is missing or the input is not float32 — stock tfjs-backend-wasm 4.22's own
 * MaxPoolGrad routes wrongly whenever there is more than one window (it is not a usable fallback).
 */
import type { backend_util } from '@tensorflow/tfjs-core';

/** Writes dx (`[N,H,W,C]`, zero-filled here) for pooled `x` and `dy` with the geometry `info`. */
export function maxPoolGradReference(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  dx.fill(0);
  for (let n = 0; n < batchSize; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let c = 0; c < inChannels; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let where = -1;
          for (let r = 0; r < effectiveFilterHeight; r += dilationHeight) {
            const iy = oy * strideHeight + r - top;
            if (iy < 0 || iy >= inHeight) continue;
            for (let s = 0; s < effectiveFilterWidth; s += dilationWidth) {
              const ix = ox * strideWidth + s - left;
              if (ix < 0 || ix >= inWidth) continue;
              const at = ((n * inHeight + iy) * inWidth + ix) * inChannels + c;
              if (x[at] > best) {
                best = x[at];
                where = at;
              }
            }
          }
          if (where >= 0) dx[where] += dy[((n * outHeight + oy) * outWidth + ox) * inChannels + c];
        }
      }
    }
  }
}
