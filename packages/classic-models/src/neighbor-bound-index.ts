import { createRng } from '@digitkit/core';

/**
 * Lower-bound coordinates for exact nearest-neighbour search (`algorithm: 'bounded'` of `fitKNearestNeighbors`).
 *
 * With `P` (`[d, F]`, orthonormal rows) and `Rx = x − PᵀPx` the residual, the triangle inequality gives
 * `‖a − b‖² = ‖P(a − b)‖² + ‖R(a − b)‖² ≥ ‖Pa − Pb‖² + (‖Ra‖ − ‖Rb‖)²`. Writing `x̃ = [Px, ‖Rx‖]` (`d + 1`
 * values, `‖x̃‖ = ‖x‖`), the bound is simply `‖ã − b̃‖²`: the same `‖ã‖² + ‖b̃‖² − 2ã·b̃` distance, in `d + 1`
 * dimensions instead of `F`. It holds for any orthonormal `P`; the span of the leading principal axes of a sample
 * of the training rows makes it tight, so most training rows can be ruled out without their full distance.
 */
export interface NeighborBoundIndex {
  /** `d`: projected dimensions (the coordinates have `d + 1`). */
  readonly dimensions: number;
  /** `[F, d]` row-major, orthonormal columns (float64). */
  readonly projection: Float64Array;
  /**
   * The training rows' coordinates for the backend's matrix products, transposed and with `‖b‖²` below:
   * `[d + 2, count]` float32, column `i` = `[b̃_i, ‖b_i‖²]`. With a query's `[2ã, −1]` one product gives the score
   * `2ã·b̃ − ‖b‖²`, and the bound is `‖a‖² − score`.
   */
  readonly scoreMatrix: Float32Array;
  /** Training rows. */
  readonly count: number;
  /** Largest `‖b‖²` of the training rows (scales the rounding margin). */
  readonly maxSquaredNorm: number;
}

/** Training rows sampled for the principal subspace, at most. */
const SAMPLE_ROWS = 2048;
/** Subspace (power) iterations on the sample covariance. */
const POWER_ITERATIONS = 6;

/** `d`, the projected dimensions the index has for `numFeatures` features and the `dimensions` asked for. */
export function boundDimensions(numFeatures: number, dimensions: number): number {
  return Math.max(1, Math.min(dimensions, numFeatures));
}

/**
 * Projects training row `i` on `P` (`[F, d]` float64, the argument `projection` had) into `projected` (`d`
 * float64) and returns the row's `‖x‖²` — exactly as `projectRow` does (the SIMD module's `project_row_f32_f64`).
 */
export type RowProjector = (i: number, projected: Float64Array) => number;

/**
 * Builds the bound coordinates of the training rows: `P` spans (approximately) the leading `dimensions` principal
 * axes of up to 2,048 evenly spaced training rows (subspace iteration on their covariance, float64, seeded), then
 * every row is projected in float64 (by the {@link RowProjector} that `projector(P)` returns, when given) and stored
 * as float32.
 */
export function buildNeighborBoundIndex(
  references: Float32Array<ArrayBufferLike>,
  count: number,
  numFeatures: number,
  dimensions: number,
  projector?: (projection: Float64Array, d: number) => { project: RowProjector; projected: Float64Array },
): NeighborBoundIndex {
  const f = numFeatures;
  const d = boundDimensions(f, dimensions);
  const sampleCount = Math.min(count, SAMPLE_ROWS);
  // Covariance of the sample (float64), using only the non-zero entries of each row (images are mostly zeros).
  const mean = new Float64Array(f);
  const covariance = new Float64Array(f * f);
  const nonZero = new Int32Array(f);
  const nonZeroValue = new Float64Array(f);
  for (let s = 0; s < sampleCount; s++) {
    const row = Math.floor((s * count) / sampleCount) * f;
    let m = 0;
    for (let j = 0; j < f; j++) {
      const v = references[row + j];
      if (v !== 0) {
        nonZero[m] = j;
        nonZeroValue[m++] = v;
      }
    }
    for (let p = 0; p < m; p++) {
      const i = nonZero[p];
      const vi = nonZeroValue[p];
      mean[i] += vi;
      const base = i * f;
      for (let q = 0; q <= p; q++) covariance[base + nonZero[q]] += vi * nonZeroValue[q];
    }
  }
  for (let j = 0; j < f; j++) mean[j] /= sampleCount;
  for (let i = 0; i < f; i++) {
    for (let j = 0; j <= i; j++) {
      const c = covariance[i * f + j] / sampleCount - mean[i] * mean[j];
      covariance[i * f + j] = c;
      covariance[j * f + i] = c;
    }
  }
  // Subspace iteration: Q ← orth(C·Q), from a seeded random start. Q is [F, d] row-major.
  const random = createRng(0x6b6e6e);
  let q = new Float64Array(f * d);
  for (let j = 0; j < q.length; j++) q[j] = random() - 0.5;
  orthonormalizeColumns(q, f, d);
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
    const next = new Float64Array(f * d);
    for (let i = 0; i < f; i++) {
      const out = i * d;
      for (let j = 0; j < f; j++) {
        const c = covariance[i * f + j];
        if (c === 0) continue;
        const from = j * d;
        for (let t = 0; t < d; t++) next[out + t] += c * q[from + t];
      }
    }
    orthonormalizeColumns(next, f, d);
    q = next;
  }
  const scoreMatrix = new Float32Array((d + 2) * count);
  const coordinates = new Float32Array(d + 1);
  let maxSquaredNorm = 0;
  const native = projector?.(q, d);
  const projected = native?.projected ?? new Float64Array(d);
  for (let i = 0; i < count; i++) {
    const squared = native !== undefined ? native.project(i, projected) : projectRow(references, i * f, f, q, d, projected);
    if (squared > maxSquaredNorm) maxSquaredNorm = squared;
    writeCoordinates(projected, squared, d, coordinates, 0);
    for (let t = 0; t <= d; t++) scoreMatrix[t * count + i] = coordinates[t];
    scoreMatrix[(d + 1) * count + i] = squared;
  }
  return { dimensions: d, projection: q, scoreMatrix, count, maxSquaredNorm };
}

/**
 * Bound coordinates of `n` query rows `[n, d + 1]` (float32) and their squared norms `‖x‖²` (float64; equal to
 * `‖x̃‖²`). `scoreColumns: true` writes the query side of {@link NeighborBoundIndex.scoreMatrix}'s product instead:
 * `[n, d + 2]` rows `[2x̃, −1]` (doubling is exact in float32).
 */
export function boundCoordinates(
  index: NeighborBoundIndex,
  values: Float32Array | Float64Array,
  n: number,
  numFeatures: number,
  scoreColumns = false,
): { coordinates: Float32Array; squaredNorms: Float64Array } {
  const d = index.dimensions;
  const width = scoreColumns ? d + 2 : d + 1;
  const coordinates = new Float32Array(n * width);
  const squaredNorms = new Float64Array(n);
  const projected = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const squared = projectRow(values, i * numFeatures, numFeatures, index.projection, d, projected);
    squaredNorms[i] = squared;
    writeCoordinates(projected, squared, d, coordinates, i * width);
    if (scoreColumns) {
      for (let t = 0; t <= d; t++) coordinates[i * width + t] *= 2;
      coordinates[i * width + d + 1] = -1;
    }
  }
  return { coordinates, squaredNorms };
}

/** `projected = Pᵀ·x` (float64, zeros skipped); returns `‖x‖²`. */
function projectRow(values: Float32Array<ArrayBufferLike> | Float64Array, base: number, f: number, q: Float64Array, d: number, projected: Float64Array): number {
  projected.fill(0);
  let squared = 0;
  for (let j = 0; j < f; j++) {
    const v = values[base + j];
    if (v === 0) continue;
    squared += v * v;
    const from = j * d;
    for (let t = 0; t < d; t++) projected[t] += v * q[from + t];
  }
  return squared;
}

function writeCoordinates(projected: Float64Array, squared: number, d: number, out: Float32Array, at: number): void {
  let inside = 0;
  for (let t = 0; t < d; t++) {
    inside += projected[t] * projected[t];
    out[at + t] = projected[t];
  }
  out[at + d] = Math.sqrt(Math.max(0, squared - inside));
}

/** Modified Gram–Schmidt, twice (float64), on the columns of `[rows, cols]` row-major; dependent columns become 0. */
function orthonormalizeColumns(m: Float64Array, rows: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < cols; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += m[r * cols + c] * m[r * cols + p];
        for (let r = 0; r < rows; r++) m[r * cols + c] -= dot * m[r * cols + p];
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += m[r * cols + c] ** 2;
      norm = Math.sqrt(norm);
      const scale = norm > 1e-12 ? 1 / norm : 0;
      for (let r = 0; r < rows; r++) m[r * cols + c] *= scale;
    }
  }
}
