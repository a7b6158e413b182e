import { boundCoordinates, type NeighborBoundIndex, type RowProjector } from '../neighbor-bound-index.js';
import { BoundedRanking, float32AtMost } from './bounded-ranking.js';
import type { ExactDistances } from './exact-distance.js';

/** Bound scores held at once (a query batch against every training row): 16 MiB. */
const NATIVE_SCORE_FLOATS = 1 << 22;

/** The layout of the native search's scratch on the rows' arena. */
export interface NativeBoundedLayout {
  /** Training rows rounded up to the panels' 8 columns. */
  stride: number;
  /** `d + 2`: the score's depth (coordinates, then `‖b‖²` / `−1`). */
  depth: number;
  /** Query rows per batch. */
  batchRows: number;
  /** Candidates of pass 1. */
  width: number;
}

/** The layout for `count` training rows, `depth` score columns, pass-1 `width` and query batches of at most `batchSize`. */
export function nativeBoundedLayout(count: number, depth: number, width: number, batchSize: number): NativeBoundedLayout {
  const stride = Math.ceil(count / 8) * 8;
  return { stride, depth, width, batchRows: Math.max(1, Math.min(batchSize, Math.floor(NATIVE_SCORE_FLOATS / stride))) };
}

/**
 * Byte sizes of the scratch regions, in order: panels, query rows, scores, best scores, best indices, candidates,
 * then the projection `[F, d]` and one projected row (float64) of {@link nativeRowProjector}.
 */
export function nativeBoundedScratch(layout: NativeBoundedLayout, numFeatures: number): number[] {
  const { stride, depth, batchRows, width } = layout;
  const d = depth - 2;
  return [stride * depth * 4, batchRows * depth * 4, batchRows * stride * 4, width * 4, width * 4, stride * 4, numFeatures * d * 8, d * 8];
}

/**
 * The SIMD projection of the training rows on the bounds' axes, for `buildNeighborBoundIndex` (scratch regions 6
 * and 7 of {@link nativeBoundedScratch}): the same bits as its TypeScript loop.
 */
export function nativeRowProjector(exact: ExactDistances, numFeatures: number): ((projection: Float64Array, d: number) => { project: RowProjector; projected: Float64Array }) | undefined {
  const native = exact.native;
  if (native === undefined) return undefined;
  const { arena, kernels } = native;
  const [projectionAt, projectedAt] = arena.scratchOffsets.slice(6, 8);
  const rowBytes = numFeatures * 4;
  return (projection, d) => {
    new Float64Array(arena.memory.buffer, projectionAt, numFeatures * d).set(projection);
    return {
      projected: new Float64Array(arena.memory.buffer, projectedAt, d),
      project: (i) => kernels.project_row_f32_f64(arena.rowsOffset + i * rowBytes, numFeatures, projectionAt, d, projectedAt),
    };
  };
}

/** The bounded search run by native/dense-rows.c on the arena holding the training rows. */
export interface NativeBoundedSearch {
  neighbors(queries: Float32Array | Float64Array, n: number, k: number): { indices: Int32Array; distances: Float64Array; ranked: number };
}

/**
 * Packs `index`'s score matrix into the panels of `exact`'s arena (whose scratch was allocated with
 * {@link nativeBoundedScratch} of `layout`) and returns the search: per
 * query batch, `bound_scores` writes every score `2ã·b̃ − ‖b‖²` on the arena; per query, `top_scores` picks pass 1's
 * `width` candidates and `scan_at_least` the rows of pass 2, ranked by {@link BoundedRanking}. Synchronous, so one
 * arena serves every call.
 */
export function createNativeBoundedSearch(
  index: NeighborBoundIndex,
  exact: ExactDistances,
  layout: NativeBoundedLayout,
): NativeBoundedSearch {
  const native = exact.native;
  if (native === undefined) throw new Error('createNativeBoundedSearch: expected exact distances on a SIMD arena');
  const { arena, kernels } = native;
  const { stride, depth, batchRows, width: w } = layout;
  const count = index.count;
  if (depth !== index.dimensions + 2) throw new RangeError(`createNativeBoundedSearch: expected depth ${index.dimensions + 2}, got ${depth}`);
  const [panelsAt, queriesAt, scoresAt, bestScoreAt, bestIndexAt, candidatesAt] = arena.scratchOffsets.slice(0, 6);
  const buffer = arena.memory.buffer;
  const panels = new Float32Array(buffer, panelsAt, stride * depth);
  for (let t = 0; t < depth; t++) {
    const column = index.scoreMatrix.subarray(t * count, (t + 1) * count);
    for (let i = 0; i < count; i++) panels[(i >> 3) * depth * 8 + t * 8 + (i & 7)] = column[i];
  }
  const queryRows = new Float32Array(buffer, queriesAt, batchRows * depth);
  const bestIndex = new Int32Array(buffer, bestIndexAt, w);
  const candidates = new Int32Array(buffer, candidatesAt, stride);
  const numFeatures = index.projection.length / index.dimensions;
  // The projection is all the queries need; the score matrix now lives in the panels.
  const projecting: NeighborBoundIndex = { ...index, scoreMatrix: new Float32Array(0) };

  return {
    neighbors(queries, n, k) {
      const { coordinates, squaredNorms } = boundCoordinates(projecting, queries, n, numFeatures, true);
      const indices = new Int32Array(n * k);
      const distances = new Float64Array(n * k).fill(Infinity);
      const ranking = new BoundedRanking(exact, k, w, projecting.maxSquaredNorm, indices, distances);
      for (let q0 = 0; q0 < n; q0 += batchRows) {
        const q1 = Math.min(n, q0 + batchRows);
        queryRows.set(coordinates.subarray(q0 * depth, q1 * depth));
        kernels.bound_scores(queriesAt, q1 - q0, panelsAt, stride, depth, scoresAt);
        for (let row = q0; row < q1; row++) {
          const rowScores = scoresAt + (row - q0) * stride * 4;
          const filled = kernels.top_scores(rowScores, count, w, bestScoreAt, bestIndexAt);
          // Fewer than w scores that are numbers: rank every row exactly.
          if (filled === w) ranking.bestIndex.set(bestIndex);
          const threshold = filled < w ? NaN : ranking.start(queries, row, numFeatures, squaredNorms[row]);
          if (!Number.isFinite(threshold)) {
            ranking.rankEveryRow(queries, row, numFeatures, squaredNorms[row], count);
            continue;
          }
          const m = kernels.scan_at_least(rowScores, count, float32AtMost(threshold), candidatesAt);
          for (let c = 0; c < m; c++) ranking.rank(candidates[c]);
        }
      }
      return { indices, distances, ranked: ranking.ranked };
    },
  };
}
