import { checkFiniteNumber, checkInteger, checkOptions, createRng, describeValue } from '@digitkit/core';
import { uniform, type Rng } from './internal/uniform.js';

/**
 * A random range: a number `r` means the symmetric range `[-r, r]` (r >= 0); a pair `[min, max]` is used as is
 * (min <= max; `[v, v]` always gives exactly `v`).
 */
export type AugmentRange = number | readonly [number, number];

/** Options of the elastic distortion of Simard et al. (2003). */
export interface ElasticOptions {
  /** Scale of the displacement field, in pixels (Simard used 34 on 28x28 MNIST). `0` is the identity. */
  alpha: number;
  /**
   * Standard deviation of the Gaussian that smooths the random field, in pixels (Simard used 4); `0` means
   * no smoothing. Must be >= 0. The kernel is truncated at `ceil(4 * sigma)` pixels, zero-padded at the borders.
   */
  sigma: number;
}

/**
 * Options shared by {@link augmentBatch} (tensors) and {@link augmentImages} (typed arrays).
 *
 * Each image draws its own rotation, shift, zoom and shear; the four are composed into one projective matrix
 * about the image centre `((cols - 1) / 2, (rows - 1) / 2)` and applied in a single resampling. Then come the
 * elastic distortion, the Gaussian noise and the optional clipping, in that order.
 */
export interface AugmentOptions {
  /** Rotation in degrees; positive turns the digit counter-clockwise on screen. Default `0` (none). */
  rotationDegrees?: AugmentRange;
  /**
   * Translation in pixels; positive moves the digit right (x) and down (y). A range applies to both axes
   * independently; `{ x, y }` gives one range per axis. Default `0` (none).
   */
  shift?: AugmentRange | { x?: AugmentRange; y?: AugmentRange };
  /**
   * Zoom factor (> 1 enlarges the digit). A number `z` in `[0, 1)` means a factor in `[1 - z, 1 + z]`;
   * a pair `[min, max]` with `0 < min <= max` gives the factors directly. Default: no zoom.
   */
  zoom?: AugmentRange;
  /** Horizontal shear angle in degrees, `x' = x + tan(angle) * y`, within (-90, 90). Default `0` (none). */
  shear?: AugmentRange;
  /** Elastic distortion (Simard et al. 2003). Default: none. */
  elastic?: ElasticOptions;
  /** Standard deviation of additive Gaussian noise, in the units of the pixel values. Default `0` (none). */
  noise?: number;
  /**
   * What pixels sampled from outside the image become: a constant (in pixel units, default `0`) or `'nearest'`
   * (the closest edge pixel).
   */
  fill?: number | 'nearest';
  /** Resampling: `'bilinear'` (default) or `'nearest'` (exact for 90° rotations and whole-pixel shifts). */
  interpolation?: 'bilinear' | 'nearest';
  /** Clamp the output to `[min, max]` after noise (e.g. `[0, 1]`). Default: no clamping for tensors. */
  clip?: readonly [number, number];
  /** Seed of the random draws; the same seed gives the same output on every backend. Default: random. */
  seed?: number;
}

/** The geometric parameters drawn for one image. */
export interface AffineParams {
  /** Degrees, counter-clockwise on screen. */
  rotationDegrees: number;
  /** Pixels to the right. */
  shiftX: number;
  /** Pixels down. */
  shiftY: number;
  /** Scale factor (> 1 enlarges). */
  zoom: number;
  /** Shear angle in degrees. */
  shearDegrees: number;
}

/** Options after validation, with every range as a `[min, max]` pair. */
export interface ResolvedAugmentOptions {
  rotation: [number, number];
  shiftX: [number, number];
  shiftY: [number, number];
  zoom: [number, number];
  shear: [number, number];
  /** True when any geometric option was given. */
  affine: boolean;
  elastic?: ElasticOptions;
  noise: number;
  fill: number | 'nearest';
  interpolation: 'bilinear' | 'nearest';
  clip?: [number, number];
  seed: number;
}

/** The random draws for one batch: per-image matrices, raw elastic fields and noise. */
export interface AugmentDraws {
  params: AffineParams[];
  /** `count * 2 * rows * cols` uniforms in [-1, 1): per image the x field then the y field (before smoothing). */
  fields?: Float32Array;
  /** `count * rows * cols * channels` normal draws already scaled by `noise`. */
  noise?: Float32Array;
}

/** Every key of {@link AugmentOptions}. */
export const AUGMENT_OPTION_KEYS = [
  'rotationDegrees', 'shift', 'zoom', 'shear', 'elastic', 'noise', 'fill', 'interpolation', 'clip', 'seed',
] as const;

function resolveRange(fn: string, name: string, value: AugmentRange | undefined, limit: number): [number, number] {
  if (value === undefined) return [0, 0];
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > limit) {
      throw new RangeError(`${fn}: expected options.${name} to be a number in [0, ${limit}] or a [min, max] pair, got ${describeValue(value)}`);
    }
    return [-value, value];
  }
  return resolvePair(fn, name, value, -limit, limit);
}

function resolvePair(fn: string, name: string, value: unknown, low: number, high: number): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${fn}: expected options.${name} to be a number or a [min, max] pair, got ${describeValue(value)}`);
  }
  const [min, max] = value as [unknown, unknown];
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max)
    || min > max || min < low || max > high) {
    throw new RangeError(`${fn}: expected options.${name} to be a [min, max] pair with ${low} <= min <= max <= ${high}, got ${describeValue(value)}`);
  }
  return [min, max];
}

/**
 * Validates augmentation options (before any work) and fills in defaults.
 * `rows`/`cols` bound the shift to the image size; `extraKeys` are the caller's own option keys (read elsewhere).
 */
export function resolveAugmentOptions(
  fn: string,
  options: AugmentOptions | undefined,
  rows: number,
  cols: number,
  extraKeys: readonly string[] = [],
): ResolvedAugmentOptions {
  options = checkOptions(fn, options, [...AUGMENT_OPTION_KEYS, ...extraKeys]) as AugmentOptions;
  const rotation = resolveRange(fn, 'rotationDegrees', options.rotationDegrees, 360);
  let shiftX: [number, number];
  let shiftY: [number, number];
  const shift = options.shift;
  if (shift !== undefined && typeof shift === 'object' && !Array.isArray(shift)) {
    const perAxis = checkOptions(fn, shift as { x?: AugmentRange; y?: AugmentRange }, ['x', 'y'], 'options.shift');
    shiftX = resolveRange(fn, 'shift.x', perAxis.x, cols);
    shiftY = resolveRange(fn, 'shift.y', perAxis.y, rows);
  } else {
    shiftX = resolveRange(fn, 'shift', shift as AugmentRange | undefined, cols);
    shiftY = resolveRange(fn, 'shift', shift as AugmentRange | undefined, rows);
  }
  let zoom: [number, number] = [1, 1];
  if (typeof options.zoom === 'number') {
    if (!Number.isFinite(options.zoom) || options.zoom < 0 || options.zoom >= 1) {
      throw new RangeError(`${fn}: expected options.zoom to be a number in [0, 1) (factor range [1 - z, 1 + z]) or a [min, max] pair of factors, got ${describeValue(options.zoom)}`);
    }
    zoom = [1 - options.zoom, 1 + options.zoom];
  } else if (options.zoom !== undefined) {
    zoom = resolvePair(fn, 'zoom', options.zoom, 1e-3, 1e3);
  }
  const shear = resolveRange(fn, 'shear', options.shear, 89);

  let elastic: ElasticOptions | undefined;
  if (options.elastic !== undefined) {
    const e = options.elastic as unknown;
    if (e === null || typeof e !== 'object') {
      throw new TypeError(`${fn}: expected options.elastic to be { alpha, sigma }, got ${describeValue(e)}`);
    }
    const { alpha, sigma } = checkOptions(fn, e as ElasticOptions, ['alpha', 'sigma'], 'options.elastic') as ElasticOptions;
    checkFiniteNumber(fn, 'options.elastic.alpha', alpha);
    checkFiniteNumber(fn, 'options.elastic.sigma', sigma);
    if (alpha < 0) throw new RangeError(`${fn}: expected options.elastic.alpha >= 0 (pixels), got ${alpha}`);
    if (sigma < 0) throw new RangeError(`${fn}: expected options.elastic.sigma >= 0 (pixels), got ${sigma}`);
    if (sigma > 1000) throw new RangeError(`${fn}: expected options.elastic.sigma <= 1000 (pixels), got ${sigma}`);
    elastic = { alpha, sigma };
  }
  const noise = options.noise ?? 0;
  checkFiniteNumber(fn, 'options.noise', noise);
  if (noise < 0) throw new RangeError(`${fn}: expected options.noise (a standard deviation) >= 0, got ${noise}`);

  const fill = options.fill ?? 0;
  if (fill !== 'nearest') checkFiniteNumber(fn, "options.fill (a number or 'nearest')", fill);
  const interpolation = options.interpolation ?? 'bilinear';
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
    throw new TypeError(`${fn}: expected options.interpolation 'bilinear' or 'nearest', got ${describeValue(interpolation)}`);
  }
  let clip: [number, number] | undefined;
  if (options.clip !== undefined) clip = resolvePair(fn, 'clip', options.clip, -Number.MAX_VALUE, Number.MAX_VALUE);
  let seed: number;
  if (options.seed === undefined) {
    seed = Math.floor(Math.random() * 2 ** 32);
  } else {
    checkFiniteNumber(fn, 'options.seed', options.seed);
    seed = options.seed;
  }
  const affine = options.rotationDegrees !== undefined || options.shift !== undefined
    || options.zoom !== undefined || options.shear !== undefined;
  return { rotation, shiftX, shiftY, zoom, shear, affine, elastic, noise, fill, interpolation, clip, seed };
}

/**
 * Draws every random quantity of one batch from one seeded stream, in a fixed order (per image: rotation,
 * shift x, shift y, zoom, shear; then the elastic fields; then the noise), so tensors and typed arrays,
 * and every backend, see the same draws.
 */
export function drawResolved(resolved: ResolvedAugmentOptions, count: number, rows: number, cols: number, channels = 1): AugmentDraws {
  const rng: Rng = createRng(resolved.seed);
  const params: AffineParams[] = new Array(count);
  for (let i = 0; i < count; i++) {
    params[i] = {
      rotationDegrees: uniform(rng, resolved.rotation[0], resolved.rotation[1]),
      shiftX: uniform(rng, resolved.shiftX[0], resolved.shiftX[1]),
      shiftY: uniform(rng, resolved.shiftY[0], resolved.shiftY[1]),
      zoom: uniform(rng, resolved.zoom[0], resolved.zoom[1]),
      shearDegrees: uniform(rng, resolved.shear[0], resolved.shear[1]),
    };
  }
  const draws: AugmentDraws = { params };
  if (resolved.elastic) {
    const fields = new Float32Array(count * 2 * rows * cols);
    for (let i = 0; i < fields.length; i++) fields[i] = 2 * rng() - 1;
    draws.fields = fields;
  }
  if (resolved.noise > 0) {
    const noise = new Float32Array(count * rows * cols * channels);
    const std = resolved.noise;
    for (let i = 0; i < noise.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - rng())) * std;
      const theta = 2 * Math.PI * rng();
      noise[i] = r * Math.cos(theta);
      if (i + 1 < noise.length) noise[i + 1] = r * Math.sin(theta);
    }
    draws.noise = noise;
  }
  return draws;
}

/** Most pixel values {@link drawAugmentation} draws for: 2^27 (171,000 MNIST digits). */
const MAX_DRAWN_VALUES = 2 ** 27;

/** Batch geometry for {@link drawAugmentation}. */
export interface AugmentShape {
  /** Number of images. */
  count: number;
  /** Image height. Default `28`. */
  rows?: number;
  /** Image width. Default `28`. */
  cols?: number;
  /** Channels per pixel (sizes the noise draws). Default `1`. */
  channels?: number;
}

/**
 * The random draws {@link augmentBatch} and {@link augmentImages} make for these options, seed and batch shape:
 * per-image geometric parameters, the raw elastic fields and the noise. Use it to record or display what an
 * augmented batch went through (e.g. the rotation of each sample in a figure).
 *
 * @param options augmentation options, validated like in `augmentBatch` (pass a `seed` to reproduce a batch)
 * @param shape `{ count, rows = 28, cols = 28, channels = 1 }`; `count * rows * cols * channels` at most 2^27
 */
export function drawAugmentation(options: AugmentOptions, shape: AugmentShape): AugmentDraws {
  const fn = 'drawAugmentation';
  if (shape === null || typeof shape !== 'object') {
    throw new TypeError(`${fn}: expected shape { count, rows?, cols?, channels? }, got ${describeValue(shape)}`);
  }
  checkOptions(fn, shape, ['count', 'rows', 'cols', 'channels'], 'shape');
  const count = checkInteger(fn, 'shape.count', shape.count, { min: 0 });
  const rows = checkInteger(fn, 'shape.rows', shape.rows ?? 28, { min: 1 });
  const cols = checkInteger(fn, 'shape.cols', shape.cols ?? 28, { min: 1 });
  const channels = checkInteger(fn, 'shape.channels', shape.channels ?? 1, { min: 1 });
  checkInteger(fn, 'shape.count * rows * cols * channels (values drawn)', count * rows * cols * channels, { max: MAX_DRAWN_VALUES });
  return drawResolved(resolveAugmentOptions(fn, options, rows, cols), count, rows, cols, channels);
}
