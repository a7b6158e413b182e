import type { ExactDistances } from './exact-distance.js';

/** Relative margin on the float32 lower bounds (their rounding is below 1e-5 of `‖a‖² + ‖b‖²`). */
const BOUND_MARGIN = 1e-4;

/**
 * The exact part of the bounded k-NN search for one query at a time, whichever computes the bound scores (the tfjs
 * backend or the SIMD module). Pass 1: {@link start} ranks the `w` rows of smallest bound (`bestIndex`, filled by
 * the caller) by their exact float64 distance; the `k`-th, `τ`, bounds the `k`-th neighbour's distance from above,
 * and the returned score threshold keeps every row whose bound `‖a‖² − score` (less a rounding margin) is at most
 * `τ²`. Pass 2: {@link rank} each such row, in increasing index order — no row left out can be nearer or equally
 * near, so the neighbours, their order (ties by lower index) and their distances are the brute force's.
 */
export class BoundedRanking {
  /** Pass 1's candidates: the caller writes the `w` row indices of the best scores here before {@link start}. */
  readonly bestIndex: Int32Array;
  /** Rows ranked exactly in pass 2 (all queries so far). */
  ranked = 0;
  private readonly candidateSquares: Float64Array;
  private readonly sorted: Float64Array;
  private at = 0;

  constructor(
    private readonly exact: ExactDistances,
    private readonly k: number,
    private readonly w: number,
    private readonly maxSquaredNorm: number,
    /** `[N, k]` results, nearest first. */
    readonly indices: Int32Array,
    /** `[N, k]`, filled with `Infinity` before the first query. */
    readonly distances: Float64Array,
  ) {
    this.bestIndex = new Int32Array(w);
    this.candidateSquares = new Float64Array(w);
    this.sorted = new Float64Array(w);
  }

  /**
   * Loads query `row` (`numFeatures` values of `queries` from `row * numFeatures`, squared norm `squaredNorm`),
   * ranks pass 1's candidates and returns the score threshold of pass 2 (float64).
   */
  start(queries: Float32Array | Float64Array, row: number, numFeatures: number, squaredNorm: number): number {
    const { exact, w, candidateSquares, sorted } = this;
    exact.setQuery(queries, row * numFeatures);
    for (let c = 0; c < w; c++) candidateSquares[c] = exact.squaredDistance(this.bestIndex[c]);
    sorted.set(candidateSquares);
    sorted.sort();
    this.at = row * this.k;
    return squaredNorm - sorted[this.k - 1] - BOUND_MARGIN * (squaredNorm + this.maxSquaredNorm) - 1e-30;
  }

  /**
   * The fallback when the float32 scores cannot be trusted (not numbers, or a threshold that is not finite): ranks
   * every one of the `count` training rows of query `row` exactly — the brute force, always right.
   */
  rankEveryRow(queries: Float32Array | Float64Array, row: number, numFeatures: number, squaredNorm: number, count: number): void {
    for (let c = 0; c < this.w; c++) this.bestIndex[c] = c;
    this.start(queries, row, numFeatures, squaredNorm);
    for (let i = 0; i < count; i++) this.rank(i);
  }

  /** Ranks training row `i` of the loaded query exactly. Rows must come in increasing index order. */
  rank(i: number): void {
    const { k, w, bestIndex, indices, distances, at } = this;
    this.ranked++;
    let squared = -1;
    for (let c = 0; c < w; c++) if (bestIndex[c] === i) squared = this.candidateSquares[c];
    const d = Math.sqrt(squared >= 0 ? squared : this.exact.squaredDistance(i));
    // Strictly smaller keeps the lower index first among equal distances.
    if (!(d < distances[at + k - 1])) return;
    let c = k - 1;
    while (c > 0 && distances[at + c - 1] > d) {
      distances[at + c] = distances[at + c - 1];
      indices[at + c] = indices[at + c - 1];
      c--;
    }
    distances[at + c] = d;
    indices[at + c] = i;
  }
}

/** A float32 value at most `threshold` (for comparing float32 scores against a float64 threshold without losing rows). */
export function float32AtMost(threshold: number): number {
  const rounded = Math.fround(threshold);
  return rounded <= threshold ? rounded : Math.fround(threshold - Math.abs(threshold) * 2 ** -22);
}
