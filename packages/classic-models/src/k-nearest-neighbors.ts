import { checkInteger, checkOneOf, checkOptions } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ClassicClassifier } from './classic-classifier.js';
import { checkFeatureValues, readFeatures, readTrainingData, type PredictInput, type TrainingInput } from './input/features.js';
import { boundCoordinates, boundDimensions, buildNeighborBoundIndex, type NeighborBoundIndex } from './neighbor-bound-index.js';
import { BoundedRanking } from './neighbors/bounded-ranking.js';
import { createExactDistances, type ExactDistances } from './neighbors/exact-distance.js';
import { denseRowKernelsAvailable } from './native/dense-kernel-arena.js';
import { createNativeBoundedSearch, nativeBoundedLayout, nativeBoundedScratch, nativeRowProjector, type NativeBoundedSearch } from './neighbors/native-bounded-search.js';
import { configNumber, configString, stateArray, stateToJson, type ClassicModelJson, type ModelState } from './serialization/model-json.js';

/** Options of {@link fitKNearestNeighbors}. */
export interface KNearestNeighborsOptions {
  /** Neighbours that vote. Integer ≥ 1, at most the number of training examples. Default `3`. */
  k?: number;
  /**
   * `'uniform'`: each neighbour has one vote. `'distance'`: votes weigh `1 / distance`, and when some neighbours are
   * at distance 0 only they vote (scikit-learn's rule). Default `'uniform'`.
   */
  weights?: 'uniform' | 'distance';
  /** `'euclidean'` (`‖a − b‖`) or `'cosine'` (`1 − a·b / (‖a‖‖b‖)`, 0 for a zero vector's similarity). Default `'euclidean'`. */
  metric?: 'euclidean' | 'cosine';
  /** Query rows per distance block. Default `1024`. */
  batchSize?: number;
  /** Training rows per distance block: a block is `[batchSize, referenceBatchSize]` float32 at most. Default `4096`. */
  referenceBatchSize?: number;
  /**
   * How the best candidates of a block are picked: `'topk'` runs `tf.topk` on the backend and reads `[batchSize,
   * k + 8]` back; `'scan'` reads the block back and scans it with a running threshold (on cpu/wasm ~as fast as topk,
   * which sorts). Default: `'scan'` on the cpu and wasm backends, `'topk'` on others (webgl, webgpu).
   */
  selection?: 'topk' | 'scan';
  /**
   * How the neighbours are found — every choice gives the same neighbours, distances and predictions:
   * - `'brute'`: every training row's distance by matrix products in `F` dimensions.
   * - `'bounded'` (euclidean only): lower bounds `‖ã − b̃‖ ≤ ‖a − b‖` in up to 49 dimensions (48 principal axes of
   *   a training sample plus the residual norm) by matrix products ({@link boundScores}: in SIMD or on the backend);
   *   pass 1 ranks each query's `k + 8` best-bounded rows exactly, which bounds its `k`-th distance `τ`; pass 2 ranks
   *   exactly every row whose bound is within `τ`. Exact — not an approximate search: the rows left out are provably
   *   farther. Fit also builds the bounds (derived, not saved). `selection` is not used.
   * - `'auto'` (default): `'bounded'` for euclidean when this engine runs the package's WebAssembly SIMD module (any
   *   number of features) or with more than 192 features, else `'brute'`.
   */
  algorithm?: KNearestNeighborsAlgorithm;
  /**
   * Where the bounded search computes its bound scores (the same neighbours either way): `'simd'` — the package's
   * WebAssembly SIMD module, on the memory that holds the training rows (no tfjs kernel, nothing read back) — or
   * `'backend'` — matrix products on the current tfjs backend, read back. Default: `'simd'` when this engine runs
   * WebAssembly SIMD and one memory for the rows fits (below 2 GiB), else `'backend'` (`model.boundScores` says which
   * ran).
   */
  boundScores?: 'simd' | 'backend';
}

/** {@link KNearestNeighborsOptions.algorithm}. */
export type KNearestNeighborsAlgorithm = 'auto' | 'brute' | 'bounded';

/** A fitted k-nearest-neighbours classifier (it stores its training set). */
export interface KNearestNeighborsModel extends ClassicClassifier<PredictInput> {
  readonly kind: 'k-nearest-neighbors';
  readonly k: number;
  readonly weights: 'uniform' | 'distance';
  readonly metric: 'euclidean' | 'cosine';
  /** The search actually used (`'auto'` resolved). */
  readonly algorithm: 'brute' | 'bounded';
  /** Where the bounded search computes its bound scores (`null` for the brute force). */
  readonly boundScores: 'simd' | 'backend' | null;
  /** Training examples stored. */
  readonly count: number;
  /**
   * The `k` nearest training examples of each query: `indices` `[N, k]` (int32, nearest first) and their
   * `distances` `[N, k]` (float64, exact), as scikit-learn's `kneighbors`.
   */
  kneighbors(input: PredictInput): Promise<{ indices: Int32Array; distances: Float64Array }>;
}

const OPTION_KEYS = ['k', 'weights', 'metric', 'batchSize', 'referenceBatchSize', 'selection', 'algorithm', 'boundScores'] as const;
/** Largest feature magnitude taken: the float32 score blocks (`2a·b − ‖b‖²`) stay far from overflow below it. */
const MAX_FEATURE_MAGNITUDE = 1e15;
/** Candidates kept per query beyond `k` from the float32 blocks, then re-ranked by exact float64 distances. */
const EXTRA_CANDIDATES = 8;

interface KnnParts {
  /** The training rows (copied by `createKnn`). */
  references: Float32Array | Float64Array;
  labels: Int32Array;
  count: number;
  numFeatures: number;
  numClasses: number;
  k: number;
  weights: 'uniform' | 'distance';
  metric: 'euclidean' | 'cosine';
  batchSize: number;
  referenceBatchSize: number;
  selection: 'topk' | 'scan' | undefined;
  algorithm: KNearestNeighborsAlgorithm;
  boundScores: 'simd' | 'backend' | undefined;
}

/** Projected dimensions of the bound coordinates (`algorithm: 'bounded'`). */
const BOUND_DIMENSIONS = 48;

function resolveAlgorithm(algorithm: KNearestNeighborsAlgorithm, metric: 'euclidean' | 'cosine', f: number, boundScores: 'simd' | 'backend' | undefined): 'brute' | 'bounded' {
  if (algorithm !== 'auto') return algorithm;
  if (metric !== 'euclidean') return 'brute';
  // On the backend the bounds pay off only when they have far fewer dimensions than the rows; in SIMD they always do
  // (no read-back, SIMD scans), even when the 48 axes span every feature (the bound is then the distance itself).
  return f > 4 * BOUND_DIMENSIONS || (boundScores !== 'backend' && denseRowKernelsAvailable()) ? 'bounded' : 'brute';
}

/**
 * Fits (stores) an exact k-nearest-neighbours classifier. Brute force computes distances block by block with
 * matrix products on the current tfjs backend (`‖a‖² − 2a·b + ‖b‖²`, or `a·b` of unit vectors for cosine), keeps
 * the `k + 8` best candidates of each query per block (scan or `tf.topk`), merges them across blocks, and re-ranks
 * the candidates by their exact float64 distances — never an `N × M` matrix at once. The bounded search
 * (`algorithm`, default for euclidean) does the same in up to 49 dimensions of lower bounds, then
 * ranks exactly only the rows those bounds cannot rule out. Predictions equal scikit-learn's
 * `KNeighborsClassifier(algorithm='brute')` (same `k`, `weights`, `metric`) either way.
 *
 * Ties: neighbours at equal distance are ordered by training index (lower first); equal vote totals go to the lower
 * class index (scikit-learn's vote rule too; its neighbour order among equal distances is unspecified).
 *
 * @param data - A `DigitDataset` (pixels scaled to `[0, 1]`) or `{ features, labels, numClasses }`.
 * @param options - {@link KNearestNeighborsOptions}: `k = 3`, `weights = 'uniform'`, `metric = 'euclidean'`.
 */
export function fitKNearestNeighbors(data: TrainingInput, options?: KNearestNeighborsOptions): KNearestNeighborsModel {
  const functionName = 'fitKNearestNeighbors';
  const checked = checkOptions(functionName, options, OPTION_KEYS);
  const k = checkInteger(functionName, 'options.k', checked.k ?? 3, { min: 1 });
  const weights = checkOneOf(functionName, 'options.weights', checked.weights ?? 'uniform', ['uniform', 'distance'] as const);
  const metric = checkOneOf(functionName, 'options.metric', checked.metric ?? 'euclidean', ['euclidean', 'cosine'] as const);
  const batchSize = checkInteger(functionName, 'options.batchSize', checked.batchSize ?? 1024, { min: 1 });
  const referenceBatchSize = checkInteger(functionName, 'options.referenceBatchSize', checked.referenceBatchSize ?? 4096, { min: 1 });
  const selection =
    checked.selection === undefined ? undefined : checkOneOf(functionName, 'options.selection', checked.selection, ['topk', 'scan'] as const);
  const algorithm = checkOneOf(functionName, 'options.algorithm', checked.algorithm ?? 'auto', ['auto', 'brute', 'bounded'] as const);
  const boundScores =
    checked.boundScores === undefined ? undefined : checkOneOf(functionName, 'options.boundScores', checked.boundScores, ['simd', 'backend'] as const);
  if (algorithm === 'bounded' && metric !== 'euclidean') {
    throw new RangeError(`${functionName}: expected options.algorithm 'bounded' with metric 'euclidean' (its bounds are euclidean), got metric '${metric}'`);
  }
  const training = readTrainingData(functionName, data, MAX_FEATURE_MAGNITUDE);
  if (k > training.count) {
    throw new RangeError(`${functionName}: expected options.k to be at most the ${training.count} training examples, got ${k}`);
  }
  return createKnn({
    references: training.values,
    labels: training.labels,
    count: training.count,
    numFeatures: training.numFeatures,
    numClasses: training.numClasses,
    k,
    weights,
    metric,
    batchSize,
    referenceBatchSize,
    selection,
    algorithm,
    boundScores,
  });
}

/** Keeps, per query, the best `width` (score, index) pairs seen so far (higher score first). */
function mergeCandidates(
  bestScore: Float32Array,
  bestIndex: Int32Array,
  width: number,
  row: number,
  scores: Float32Array,
  indices: Int32Array,
  offset: number,
  blockWidth: number,
  indexBase: number,
): void {
  const o = row * width;
  for (let j = 0; j < blockWidth; j++) {
    const score = scores[offset + j];
    const index = indices[offset + j] + indexBase;
    if (!(score > bestScore[o + width - 1])) {
      if (!(score === bestScore[o + width - 1] && index < bestIndex[o + width - 1])) continue;
    }
    let at = width - 1;
    while (at > 0 && (bestScore[o + at - 1] < score || (bestScore[o + at - 1] === score && bestIndex[o + at - 1] > index))) {
      bestScore[o + at] = bestScore[o + at - 1];
      bestIndex[o + at] = bestIndex[o + at - 1];
      at--;
    }
    bestScore[o + at] = score;
    bestIndex[o + at] = index;
  }
}

/** Scans one block row (scores of consecutive training indices) into the running best `width` candidates. */
function scanBlock(
  bestScore: Float32Array,
  bestIndex: Int32Array,
  width: number,
  row: number,
  scores: Float32Array,
  offset: number,
  blockWidth: number,
  indexBase: number,
): void {
  const o = row * width;
  const last = o + width - 1;
  let threshold = bestScore[last];
  for (let j = 0; j < blockWidth; j++) {
    const score = scores[offset + j];
    // Strictly greater: among equal scores the earlier (lower) training index stays.
    if (!(score > threshold)) continue;
    let at = last;
    while (at > o && bestScore[at - 1] < score) {
      bestScore[at] = bestScore[at - 1];
      bestIndex[at] = bestIndex[at - 1];
      at--;
    }
    bestScore[at] = score;
    bestIndex[at] = indexBase + j;
    threshold = bestScore[last];
  }
}

/** `1 − a·b / (‖a‖‖b‖)` in float64 (0 similarity for a zero vector), clamped to `[0, 2]`. */
function cosineDistance(q: Float32Array | Float64Array, qBase: number, r: Float32Array<ArrayBufferLike>, rBase: number, f: number): number {
  let dot = 0;
  let qq = 0;
  let rr = 0;
  for (let j = 0; j < f; j++) {
    const a = q[qBase + j];
    const b = r[rBase + j];
    dot += a * b;
    qq += a * a;
    rr += b * b;
  }
  const similarity = qq === 0 || rr === 0 ? 0 : dot / Math.sqrt(qq * rr);
  return Math.min(2, Math.max(0, 1 - similarity));
}

/** Where a block of scores is read: on the host by a scan, or reduced by `tf.topk` on the backend first. */
interface BlockGeometry {
  references: Float32Array<ArrayBufferLike>;
  count: number;
  numFeatures: number;
  metric: 'euclidean' | 'cosine';
  batchSize: number;
  referenceBatchSize: number;
}

/**
 * Runs the float32 score blocks `[q1 − q0, r1 − r0]` of `queries` against the references on the backend: `2a·b −
 * ‖b‖²` (euclidean; higher is nearer, the query's `‖a‖²` is constant along a row) or `a·b` of unit rows (cosine).
 * `visit` gets each block either read back whole (`values`) or, with `topWidth`, as `tf.topk`'s best `topWidth`
 * per row (`values`, `indices`).
 */
async function forEachScoreBlock(
  geometry: BlockGeometry,
  queries: Float32Array,
  n: number,
  topWidth: number | undefined,
  visit: (values: Float32Array, indices: Int32Array | undefined, q0: number, q1: number, r0: number, r1: number) => void,
): Promise<void> {
  const { references, count, numFeatures: f, metric } = geometry;
  const query = tf.tidy(() => {
    const q = tf.tensor2d(queries, [n, f]);
    return metric === 'cosine' ? unitRows(q) : q;
  });
  try {
    for (let r0 = 0; r0 < count; r0 += geometry.referenceBatchSize) {
      const r1 = Math.min(count, r0 + geometry.referenceBatchSize);
      const [referenceT, referenceNorms] = tf.tidy(() => {
        const r = tf.tensor2d(references.subarray(r0 * f, r1 * f), [r1 - r0, f]);
        if (metric === 'cosine') return [tf.transpose(unitRows(r)), tf.zeros([1, r1 - r0])];
        return [tf.transpose(r), tf.reshape(tf.sum(tf.square(r), 1), [1, r1 - r0])];
      });
      try {
        for (let q0 = 0; q0 < n; q0 += geometry.batchSize) {
          const q1 = Math.min(n, q0 + geometry.batchSize);
          const scores = tf.tidy(() => {
            const products = tf.matMul(q0 === 0 && q1 === n ? query : tf.slice(query, [q0, 0], [q1 - q0, f]), referenceT);
            return metric === 'cosine' ? products : tf.sub(tf.mul(products, 2), referenceNorms);
          });
          if (topWidth === undefined) {
            const values = (await scores.data()) as Float32Array;
            scores.dispose();
            visit(values, undefined, q0, q1, r0, r1);
          } else {
            const top = tf.topk(scores, Math.min(topWidth, r1 - r0), true);
            scores.dispose();
            const [values, indices] = await Promise.all([top.values.data(), top.indices.data()]);
            top.values.dispose();
            top.indices.dispose();
            visit(values as Float32Array, indices as Int32Array, q0, q1, r0, r1);
          }
        }
      } finally {
        referenceT.dispose();
        referenceNorms.dispose();
      }
    }
  } finally {
    query.dispose();
  }
}

/** Best `width` candidates per query by the float32 block scores (`bestScore` descending, ties by lower index). */
async function blockCandidates(
  geometry: BlockGeometry,
  queries: Float32Array,
  n: number,
  width: number,
  scanOnHost: boolean,
): Promise<{ bestScore: Float32Array; bestIndex: Int32Array }> {
  const bestScore = new Float32Array(n * width).fill(-Infinity);
  const bestIndex = new Int32Array(n * width).fill(2147483647);
  await forEachScoreBlock(geometry, queries, n, scanOnHost ? undefined : width, (values, indices, q0, q1, r0, r1) => {
    if (indices === undefined) {
      // cpu/wasm: reading the block and scanning it with a running threshold is ~10x faster than tf.topk.
      const blockWidth = r1 - r0;
      for (let row = q0; row < q1; row++) scanBlock(bestScore, bestIndex, width, row, values, (row - q0) * blockWidth, blockWidth, r0);
    } else {
      const blockWidth = Math.min(width, r1 - r0);
      for (let row = q0; row < q1; row++) mergeCandidates(bestScore, bestIndex, width, row, values, indices, (row - q0) * blockWidth, blockWidth, r0);
    }
  });
  return { bestScore, bestIndex };
}

/** Score values held at once by the bounded search on the backend: a query batch against every training row (64 MiB). */
const BOUNDED_SCORE_FLOATS = 1 << 24;

/**
 * Exact k nearest neighbours (euclidean) through lower bounds (see `neighbor-bound-index.ts`: `‖ã − b̃‖ ≤ ‖a − b‖`
 * in `d + 1` dimensions), with the bound scores computed on the tfjs backend (the SIMD module's twin is
 * `neighbors/native-bounded-search.ts`). Per query batch, one matrix product per training block gives every score
 * `2ã·b̃ − ‖b‖²` (the bound is `‖a‖² − score`), read back once and used by both passes of {@link BoundedRanking}.
 */
export async function boundedNeighbors(
  index: NeighborBoundIndex,
  exact: ExactDistances,
  numFeatures: number,
  queries: Float32Array | Float64Array,
  n: number,
  k: number,
  width: number,
  blocks: { batchSize: number; referenceBatchSize: number },
): Promise<{ indices: Int32Array; distances: Float64Array; ranked: number }> {
  const f = numFeatures;
  const count = index.count;
  const columns = index.dimensions + 2;
  const w = Math.min(Math.max(width, k), count);
  const { coordinates, squaredNorms } = boundCoordinates(index, queries, n, f, true);
  const batch = Math.max(1, Math.min(blocks.batchSize, Math.floor(BOUNDED_SCORE_FLOATS / count)));
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k).fill(Infinity);
  const ranking = new BoundedRanking(exact, k, w, index.maxSquaredNorm, indices, distances);
  const bestScore = new Float32Array(w);
  const referenceBlocks: { r0: number; r1: number; matrix: tf.Tensor2D }[] = [];
  try {
    const whole = tf.tensor2d(index.scoreMatrix, [columns, count]);
    for (let r0 = 0; r0 < count; r0 += blocks.referenceBatchSize) {
      const r1 = Math.min(count, r0 + blocks.referenceBatchSize);
      referenceBlocks.push({ r0, r1, matrix: r0 === 0 && r1 === count ? whole : tf.slice(whole, [0, r0], [columns, r1 - r0]) });
    }
    if (referenceBlocks[0].matrix !== whole) whole.dispose();
    for (let q0 = 0; q0 < n; q0 += batch) {
      const q1 = Math.min(n, q0 + batch);
      const scores = await Promise.all(
        referenceBlocks.map(async ({ matrix }) => {
          const product = tf.tidy(() => tf.matMul(tf.tensor2d(coordinates.subarray(q0 * columns, q1 * columns), [q1 - q0, columns]), matrix));
          try {
            return (await product.data()) as Float32Array;
          } finally {
            product.dispose();
          }
        }),
      );
      // From here to the next batch nothing awaits: the ranking's query slot serves one query at a time.
      for (let row = q0; row < q1; row++) {
        // Pass 1: the w best scores (smallest bounds) over all blocks, ties by lower index.
        bestScore.fill(-Infinity);
        ranking.bestIndex.fill(2147483647);
        for (let b = 0; b < referenceBlocks.length; b++) {
          const { r0, r1 } = referenceBlocks[b];
          scanBlock(bestScore, ranking.bestIndex, w, 0, scores[b], (row - q0) * (r1 - r0), r1 - r0, r0);
        }
        // Fewer than w scores that are numbers: rank every row exactly.
        const threshold = ranking.bestIndex[w - 1] === 2147483647 ? NaN : ranking.start(queries, row, f, squaredNorms[row]);
        if (!Number.isFinite(threshold)) {
          ranking.rankEveryRow(queries, row, f, squaredNorms[row], count);
          continue;
        }
        // Pass 2: every row whose score reaches the threshold, in increasing index order.
        for (let b = 0; b < referenceBlocks.length; b++) {
          const { r0, r1 } = referenceBlocks[b];
          const values = scores[b];
          const o = (row - q0) * (r1 - r0);
          for (let j = 0, end = r1 - r0; j < end; j++) if (values[o + j] >= threshold) ranking.rank(r0 + j);
        }
      }
    }
  } finally {
    for (const { matrix } of referenceBlocks) matrix.dispose();
  }
  return { indices, distances, ranked: ranking.ranked };
}

function createKnn(parts: KnnParts): KNearestNeighborsModel {
  const { labels, count, numFeatures: f, numClasses, k, metric } = parts;
  const width = Math.min(count, k + EXTRA_CANDIDATES);
  const algorithm = resolveAlgorithm(parts.algorithm, metric, f, parts.boundScores);
  // The SIMD search's scratch, unless the backend is asked for.
  const layout =
    algorithm === 'bounded' && parts.boundScores !== 'backend' ? nativeBoundedLayout(count, boundDimensions(f, BOUND_DIMENSIONS) + 2, width, parts.batchSize) : undefined;
  // The training rows, on a SIMD arena when the engine allows (the exact distances, and the bounded search, run there).
  const exact = createExactDistances(parts.references, count, f, layout === undefined ? [] : nativeBoundedScratch(layout, f));
  const references = exact.rows;
  // The bound coordinates are derived data (deterministic): built with the model, never saved.
  let boundIndex = algorithm === 'bounded' ? buildNeighborBoundIndex(references, count, f, BOUND_DIMENSIONS, layout && nativeRowProjector(exact, f)) : undefined;
  let native: NativeBoundedSearch | undefined;
  if (boundIndex !== undefined && layout !== undefined && exact.native !== undefined) {
    native = createNativeBoundedSearch(boundIndex, exact, layout);
    boundIndex = undefined;
  }

  /** Per query, the training rows to rank by their exact distance (`start` offsets into `candidates`). */
  async function candidateLists(queries: Float32Array | Float64Array, n: number): Promise<{ start: Int32Array; candidates: Int32Array }> {
    const scanOnHost = parts.selection === undefined ? tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm' : parts.selection === 'scan';
    const geometry: BlockGeometry = { references, count, numFeatures: f, metric, batchSize: parts.batchSize, referenceBatchSize: parts.referenceBatchSize };
    const query32 = queries instanceof Float32Array ? queries : Float32Array.from(queries);
    const { bestIndex } = await blockCandidates(geometry, query32, n, width, scanOnHost);
    return { start: Int32Array.from({ length: n + 1 }, (_, row) => row * width), candidates: bestIndex };
  }

  async function kneighbors(input: PredictInput): Promise<{ indices: Int32Array; distances: Float64Array }> {
    const x = readFeatures('KNearestNeighborsModel.kneighbors', input);
    if (x.numFeatures !== f) {
      throw new RangeError(`KNearestNeighborsModel.kneighbors: expected ${f} features per example, got ${x.numFeatures}`);
    }
    // Queries get the magnitude limit here (naming the input as a whole); readFeatures has refused non-finite values.
    checkFeatureValues('KNearestNeighborsModel.kneighbors', 'input', x.values, f, MAX_FEATURE_MAGNITUDE);
    if (native !== undefined) {
      const found = native.neighbors(x.values, x.count, k);
      return { indices: found.indices, distances: found.distances };
    }
    if (boundIndex !== undefined) {
      const found = await boundedNeighbors(boundIndex, exact, f, x.values, x.count, k, width, parts);
      return { indices: found.indices, distances: found.distances };
    }
    const { start, candidates } = await candidateLists(x.values, x.count);
    const indices = new Int32Array(x.count * k);
    const distances = new Float64Array(x.count * k);
    const pairs: { d: number; i: number }[] = [];
    for (let row = 0; row < x.count; row++) {
      pairs.length = 0;
      if (metric === 'euclidean') exact.setQuery(x.values, row * f);
      for (let c = start[row]; c < start[row + 1]; c++) {
        const i = candidates[c];
        pairs.push({ d: metric === 'euclidean' ? Math.sqrt(exact.squaredDistance(i)) : cosineDistance(x.values, row * f, references, i * f, f), i });
      }
      pairs.sort((a, b) => a.d - b.d || a.i - b.i);
      for (let c = 0; c < k; c++) {
        indices[row * k + c] = pairs[c].i;
        distances[row * k + c] = pairs[c].d;
      }
    }
    return { indices, distances };
  }

  async function predictProbabilities(input: PredictInput): Promise<Float32Array> {
    const { indices, distances } = await kneighbors(input);
    const n = indices.length / k;
    const out = new Float32Array(n * numClasses);
    const votes = new Float64Array(numClasses);
    for (let row = 0; row < n; row++) {
      votes.fill(0);
      let exact = false;
      if (parts.weights === 'distance') for (let c = 0; c < k; c++) if (distances[row * k + c] === 0) exact = true;
      for (let c = 0; c < k; c++) {
        const d = distances[row * k + c];
        const weight = parts.weights === 'uniform' ? 1 : exact ? (d === 0 ? 1 : 0) : 1 / d;
        votes[labels[indices[row * k + c]]] += weight;
      }
      let total = 0;
      for (let c = 0; c < numClasses; c++) total += votes[c];
      for (let c = 0; c < numClasses; c++) out[row * numClasses + c] = votes[c] / total;
    }
    return out;
  }

  return {
    kind: 'k-nearest-neighbors',
    numClasses,
    numFeatures: f,
    k,
    weights: parts.weights,
    metric,
    algorithm,
    boundScores: algorithm === 'brute' ? null : native !== undefined ? 'simd' : 'backend',
    count,
    kneighbors,
    predictProbabilities,
    async predict(input) {
      const probabilities = await predictProbabilities(input);
      const n = probabilities.length / numClasses;
      const out = new Int32Array(n);
      for (let row = 0; row < n; row++) {
        let best = 0;
        for (let c = 1; c < numClasses; c++) if (probabilities[row * numClasses + c] > probabilities[row * numClasses + best]) best = c;
        out[row] = best;
      }
      return out;
    },
    toJSON: (): ClassicModelJson =>
      stateToJson(
        {
          kind: 'k-nearest-neighbors',
          config: {
            count,
            numFeatures: f,
            numClasses,
            k,
            weights: parts.weights,
            metric,
            batchSize: parts.batchSize,
            referenceBatchSize: parts.referenceBatchSize,
            selection: parts.selection ?? null,
            algorithm: parts.algorithm,
            boundScores: parts.boundScores ?? null,
          },
          arrays: { references, labels },
        },
        { references: [count, f], labels: [count] },
      ),
  };
}

/** Rows scaled to unit length (zero rows stay zero). */
function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  const norms = tf.sqrt(tf.sum(tf.square(x), 1, true));
  return tf.div(x, tf.maximum(norms, 1e-30));
}

/** Restores a model from its state (see `classicModelFromJson`). */
export function kNearestNeighborsFromState(state: ModelState): KNearestNeighborsModel {
  const fn = 'classicModelFromJson';
  const count = configNumber(fn, state, 'count');
  const numFeatures = configNumber(fn, state, 'numFeatures');
  return createKnn({
    references: stateArray(fn, state, 'references', Float32Array, count * numFeatures),
    labels: stateArray(fn, state, 'labels', Int32Array, count),
    count,
    numFeatures,
    numClasses: configNumber(fn, state, 'numClasses'),
    k: configNumber(fn, state, 'k'),
    weights: configString(fn, state, 'weights') as 'uniform' | 'distance',
    metric: configString(fn, state, 'metric') as 'euclidean' | 'cosine',
    batchSize: configNumber(fn, state, 'batchSize'),
    referenceBatchSize: configNumber(fn, state, 'referenceBatchSize'),
    selection: (state.config.selection ?? undefined) as 'topk' | 'scan' | undefined,
    // Files written before the option existed were brute force (same neighbours either way).
    algorithm: (state.config.algorithm ?? 'brute') as KNearestNeighborsAlgorithm,
    boundScores: (state.config.boundScores ?? undefined) as 'simd' | 'backend' | undefined,
  });
}
