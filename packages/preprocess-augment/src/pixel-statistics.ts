import { checkFiniteNumber, checkInteger, checkOptions } from '@digitkit/core';
import { checkUint8Images } from './internal/validate.js';

/** Moments of a set of values. Skewness and kurtosis are the population (biased) moment ratios. */
export interface MomentSummary {
  /** Mean. */
  mean: number;
  /** Population standard deviation (divides by n). */
  std: number;
  /** `m3 / m2^1.5` (scipy.stats.skew with bias=True); `0` for constant values (pandas' convention). */
  skewness: number;
  /** Excess kurtosis `m4 / m2^2 - 3` (scipy.stats.kurtosis, Fisher, bias=True); `0` for constant values. */
  kurtosis: number;
}

/** Result of {@link pixelStatistics}. Values are in the unit of `scale` (default [0, 1]). */
export interface PixelStatistics {
  count: number;
  rows: number;
  cols: number;
  /** Over all `count * rows * cols` pixels, plus `min`, `max` and the fraction of non-zero ("ink") pixels. */
  global: MomentSummary & { min: number; max: number; inkFraction: number };
  /** Per pixel position over the `count` images: arrays of length `rows * cols`, row-major. */
  perPixel: { mean: Float64Array; std: Float64Array; skewness: Float64Array; kurtosis: Float64Array };
}

/** Options of {@link pixelStatistics}. */
export interface PixelStatisticsOptions {
  /** Image height. Default `28`. */
  rows?: number;
  /** Image width. Default `28`. */
  cols?: number;
  /** Pixel value reported as 1: `255` (default) reports in [0, 1] (MNIST mean ≈ 0.1307, std ≈ 0.3081); `1` reports raw bytes. */
  scale?: number;
}

function momentsFromHistogram(hist: Float64Array | Uint32Array, offset: number, total: number, scale: number): MomentSummary {
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[offset + v];
  const mean = sum / total;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let v = 0; v < 256; v++) {
    const h = hist[offset + v];
    if (h === 0) continue;
    const d = v - mean;
    const d2 = d * d;
    m2 += h * d2;
    m3 += h * d2 * d;
    m4 += h * d2 * d2;
  }
  m2 /= total;
  m3 /= total;
  m4 /= total;
  const constant = m2 <= 1e-12 * Math.max(1, mean * mean);
  return {
    mean: mean / scale,
    std: Math.sqrt(m2) / scale,
    skewness: constant ? 0 : m3 / m2 ** 1.5,
    kurtosis: constant ? 0 : m4 / (m2 * m2) - 3,
  };
}

/**
 * Mean, standard deviation, skewness and kurtosis of the pixel intensities, over all pixels and per pixel
 * position (the papers' "statistical summary"). Exact two-pass moments computed from per-position
 * histograms of the byte values, in one pass over the data.
 *
 * @param images `count * rows * cols` bytes (0..255), row-major
 * @throws TypeError/RangeError for a non-`Uint8Array`, a length that is not a multiple of `rows * cols`, or no images
 */
export function pixelStatistics(images: Uint8Array, options: PixelStatisticsOptions = {}): PixelStatistics {
  const fn = 'pixelStatistics';
  checkOptions(fn, options, ['rows', 'cols', 'scale']);
  const { rows = 28, cols = 28, scale = 255 } = options;
  const { count } = checkUint8Images(fn, images, rows, cols);
  checkFiniteNumber(fn, 'options.scale', scale);
  if (scale <= 0) throw new RangeError(`${fn}: expected options.scale > 0, got ${scale}`);
  if (count === 0) throw new RangeError(`${fn}: expected at least one image, got 0`);
  const size = rows * cols;
  // One 256-bin histogram per pixel position: 1 KiB each.
  checkInteger(fn, 'rows * cols (pixel positions, one 1 KiB histogram each)', size, { max: 2 ** 20 });
  const hist = new Uint32Array(size * 256);
  for (let i = 0, p = 0; i < images.length; i++, p++) {
    if (p === size) p = 0;
    hist[p * 256 + images[i]]++;
  }
  const globalHist = new Float64Array(256);
  const mean = new Float64Array(size);
  const std = new Float64Array(size);
  const skewness = new Float64Array(size);
  const kurtosis = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    for (let v = 0; v < 256; v++) globalHist[v] += hist[p * 256 + v];
    const m = momentsFromHistogram(hist, p * 256, count, scale);
    mean[p] = m.mean;
    std[p] = m.std;
    skewness[p] = m.skewness;
    kurtosis[p] = m.kurtosis;
  }
  let min = 255;
  let max = 0;
  for (let v = 0; v < 256; v++) {
    if (globalHist[v] > 0) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const total = count * size;
  return {
    count,
    rows,
    cols,
    global: {
      ...momentsFromHistogram(globalHist, 0, total, scale),
      min: min / scale,
      max: max / scale,
      inkFraction: (total - globalHist[0]) / total,
    },
    perPixel: { mean, std, skewness, kurtosis },
  };
}
