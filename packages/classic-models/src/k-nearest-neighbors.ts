import { checkInteger, checkOneOf, checkOptions } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ClassicClassifier } from './classic-classifier.js';
import { readFeatures, readTrainingData, type PredictInput, type TrainingInput } from './input/features.js';
import { boundCoordinates, buildNeighborBoundIndex, type NeighborBoundIndex } from './neighbor-bound-index.js';
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
   * - `'bounded'` (euclidean only): lower bounds `‖ã − b̃‖ ≤ ‖a − b‖` in 49 dimensions (48 principal axes of a
   *   training sample plus the residual norm) by matrix products; pass 1 ranks each query's `k + 8` best-bounded
   *   rows exactly, which bounds its `k`-th distance `τ`; pass 2 ranks exactly every row whose bound is within `τ`.
   *   Exact — not an approximate search: the rows left out are provably farther. Fit also builds the bounds
   *   (derived, not saved). Always reads blocks back (`selection` is not used).
   * - `'auto'` (default): `'bounded'` for euclidean with more than 192 features, else `'brute'`.
   */
  algorithm?: KNearestNeighborsAlgorithm;
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
  /** Training examples stored. */
  readonly count: number;
  /**
   * The `k` nearest training examples of each query: `indices` `[N, k]` (int32, nearest first) and their
   * `distances` `[N, k]` (float64, exact), as scikit-learn's `kneighbors`.
   */
  kneighbors(input: PredictInput): Promise<{ indices: Int32Array; distances: Float64Array }>;
}

const OPTION_KEYS = ['k', 'weights', 'metric', 'batchSize', 'referenceBatchSize', 'selection', 'algorithm'] as const;
/** Candidates kept per query beyond `k` from the float32 blocks, then re-ranked by exact float64 distances. */
const EXTRA_CANDIDATES = 8;

interface KnnParts {
  references: Float32Array;
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
}

/** Projected dimensions of the bound coordinates (`algorithm: 'bounded'`). */
const BOUND_DIMENSIONS = 48;
/** Candidates per query ranked exactly after the bound pass, before any second pass. */

function resolveAlgorithm(algorithm: KNearestNeighborsAlgorithm, metric: 'euclidean' | 'cosine', f: number): 'brute' | 'bounded' {
  if (algorithm !== 'auto') return algorithm;
  return metric === 'euclidean' && f > 4 * BOUND_DIMENSIONS ? 'bounded' : 'brute';
}

/**
 * Fits (stores) an exact k-nearest-neighbours classifier. Brute force computes distances block by block with
 * matrix products on the current tfjs backend (`‖a‖² − 2a·b + ‖b‖²`, or `a·b` of unit vectors for cosine), keeps
 * the `k + 8` best candidates of each query per block (scan or `tf.topk`), merges them across blocks, and re-ranks
 * the candidates by their exact float64 distances — never an `N × M` matrix at once. The bounded search
 * (`algorithm`, default for euclidean on more than 192 features) does the same in 49 dimensions of lower bounds, then
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
  if (algorithm === 'bounded' && metric !== 'euclidean') {
    throw new RangeError(`${functionName}: expected options.algorithm 'bounded' with metric 'euclidean' (its bounds are euclidean), got metric '${metric}'`);
  }
  const training = readTrainingData(functionName, data);
  if (k > training.count) {
    throw new RangeError(`${functionName}: expected options.k to be at most the ${training.count} training examples, got ${k}`);
  }
  return createKnn({
    references: training.values instanceof Float32Array ? training.values.slice() : Float32Array.from(training.values),
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

function exactDistance(metric: 'euclidean' | 'cosine', q: Float32Array | Float64Array, qBase: number, r: Float32Array, rBase: number, f: number): number {
  if (metric === 'euclidean') {
    let sum = 0;
    for (let j = 0; j < f; j++) {
      const d = q[qBase + j] - r[rBase + j];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
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
  references: Float32Array;
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

/** Relative margin on the float32 lower bounds (their rounding is below 1e-5 of `‖a‖² + ‖b‖²`). */
const BOUND_MARGIN = 1e-4;

/**
 * Exact k nearest neighbours (euclidean) through lower bounds (see `neighbor-bound-index.ts`: `‖ã − b̃‖ ≤ ‖a − b‖`
 * in `d + 1` dimensions). Pass 1: the `width` rows of smallest bound per query are ranked by their exact float64
 * distance, whose `k`-th value `τ` bounds the `k`-th neighbour's distance from above. Pass 2: every row whose bound
 * (less a rounding margin) is at most `τ` is ranked exactly — no row left out can be nearer or equally near, so the
 * neighbours, their order (ties by lower index) and their distances are the brute force's.
 */
export async function boundedNeighbors(
  index: NeighborBoundIndex,
  references: Float32Array,
  count: number,
  numFeatures: number,
  queries: Float32Array | Float64Array,
  n: number,
  k: number,
  width: number,
  blocks: { batchSize: number; referenceBatchSize: number },
): Promise<{ indices: Int32Array; distances: Float64Array; ranked: number }> {
  const f = numFeatures;
  const dims = index.dimensions + 1;
  const w = Math.min(Math.max(width, k), count);
  const q64 = queries instanceof Float64Array ? queries : Float64Array.from(queries);
  const { coordinates, squaredNorms } = boundCoordinates(index, queries, n, f);
  const geometry: BlockGeometry = {
    references: index.references,
    count,
    numFeatures: dims,
    metric: 'euclidean',
    batchSize: blocks.batchSize,
    referenceBatchSize: blocks.referenceBatchSize,
  };
  const { bestIndex } = await blockCandidates(geometry, coordinates, n, w, true);
  const kth = new Float64Array(n);
  const sums = new Float64Array(w);
  for (let row = 0; row < n; row++) {
    for (let c = 0; c < w; c++) sums[c] = squaredDistance(q64, row * f, references, bestIndex[row * w + c] * f, f);
    sums.sort();
    kth[row] = sums[k - 1];
  }
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k).fill(Infinity);
  let ranked = 0;
  await forEachScoreBlock(geometry, coordinates, n, undefined, (values, _indices, q0, q1, r0, r1) => {
    const blockWidth = r1 - r0;
    for (let row = q0; row < q1; row++) {
      // A row may be within τ when its bound ‖a‖² − score ≤ τ² + margin.
      const threshold = squaredNorms[row] - kth[row] - BOUND_MARGIN * (squaredNorms[row] + index.maxSquaredNorm) - 1e-30;
      const o = (row - q0) * blockWidth;
      const at = row * k;
      for (let j = 0; j < blockWidth; j++) {
        if (!(values[o + j] >= threshold)) continue;
        ranked++;
        const i = r0 + j;
        const d = Math.sqrt(squaredDistance(q64, row * f, references, i * f, f));
        // Rows arrive in increasing index order: strictly smaller keeps the lower index first among equal distances.
        if (!(d < distances[at + k - 1])) continue;
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
  });
  return { indices, distances, ranked };
}

/** `Σ (q − r)²` in float64, in the same order as the brute force's exact distance. */
function squaredDistance(q: Float64Array, qBase: number, r: Float32Array, rBase: number, f: number): number {
  let sum = 0;
  for (let j = 0; j < f; j++) {
    const d = q[qBase + j] - r[rBase + j];
    sum += d * d;
  }
  return sum;
}

function createKnn(parts: KnnParts): KNearestNeighborsModel {
  const { references, labels, count, numFeatures: f, numClasses, k, metric } = parts;
  const width = Math.min(count, k + EXTRA_CANDIDATES);
  const algorithm = resolveAlgorithm(parts.algorithm, metric, f);
  // The bound coordinates are derived data (deterministic): built with the model, never saved.
  const boundIndex = algorithm === 'bounded' ? buildNeighborBoundIndex(references, count, f, BOUND_DIMENSIONS) : undefined;

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
    if (boundIndex !== undefined) {
      const found = await boundedNeighbors(boundIndex, references, count, f, x.values, x.count, k, width, parts);
      return { indices: found.indices, distances: found.distances };
    }
    const { start, candidates } = await candidateLists(x.values, x.count);
    const indices = new Int32Array(x.count * k);
    const distances = new Float64Array(x.count * k);
    const pairs: { d: number; i: number }[] = [];
    for (let row = 0; row < x.count; row++) {
      pairs.length = 0;
      for (let c = start[row]; c < start[row + 1]; c++) {
        const i = candidates[c];
        pairs.push({ d: exactDistance(metric, x.values, row * f, references, i * f, f), i });
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
  });
}
