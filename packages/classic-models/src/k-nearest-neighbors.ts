import { checkInteger, checkOneOf, checkOptions } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type { ClassicClassifier } from './classic-classifier.js';
import { readFeatures, readTrainingData, type PredictInput, type TrainingInput } from './input/features.js';
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
}

/** A fitted k-nearest-neighbours classifier (it stores its training set). */
export interface KNearestNeighborsModel extends ClassicClassifier<PredictInput> {
  readonly kind: 'k-nearest-neighbors';
  readonly k: number;
  readonly weights: 'uniform' | 'distance';
  readonly metric: 'euclidean' | 'cosine';
  /** Training examples stored. */
  readonly count: number;
  /**
   * The `k` nearest training examples of each query: `indices` `[N, k]` (int32, nearest first) and their
   * `distances` `[N, k]` (float64, exact), as scikit-learn's `kneighbors`.
   */
  kneighbors(input: PredictInput): Promise<{ indices: Int32Array; distances: Float64Array }>;
}

const OPTION_KEYS = ['k', 'weights', 'metric', 'batchSize', 'referenceBatchSize', 'selection'] as const;
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
}

/**
 * Fits (stores) a brute-force k-nearest-neighbours classifier. Prediction computes distances block by block with
 * matrix products on the current tfjs backend (`‖a‖² − 2a·b + ‖b‖²`, or `a·b` of unit vectors for cosine), keeps
 * the `k + 8` best candidates of each query per block with `tf.topk`, merges them across blocks, and re-ranks the
 * candidates by their exact float64 distances — never an `N × M` matrix at once. Predictions equal scikit-learn's
 * `KNeighborsClassifier(algorithm='brute')` (same `k`, `weights`, `metric`).
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

function createKnn(parts: KnnParts): KNearestNeighborsModel {
  const { references, labels, count, numFeatures: f, numClasses, k, metric } = parts;
  const width = Math.min(count, k + EXTRA_CANDIDATES);

  /** Best `width` candidates per query by the float32 block scores. */
  async function candidates(queries: Float32Array | Float64Array, n: number): Promise<Int32Array> {
    const bestScore = new Float32Array(n * width).fill(-Infinity);
    const bestIndex = new Int32Array(n * width).fill(2147483647);
    const scanOnHost = parts.selection === undefined ? tf.getBackend() === 'cpu' || tf.getBackend() === 'wasm' : parts.selection === 'scan';
    const query = tf.tidy(() => {
      const q = tf.tensor2d(queries instanceof Float32Array ? queries : Float32Array.from(queries), [n, f]);
      return metric === 'cosine' ? unitRows(q) : q;
    });
    try {
      for (let r0 = 0; r0 < count; r0 += parts.referenceBatchSize) {
        const r1 = Math.min(count, r0 + parts.referenceBatchSize);
        const blockWidth = Math.min(width, r1 - r0);
        const [referenceT, referenceNorms] = tf.tidy(() => {
          const r = tf.tensor2d(references.subarray(r0 * f, r1 * f), [r1 - r0, f]);
          if (metric === 'cosine') return [tf.transpose(unitRows(r)), tf.zeros([1, r1 - r0])];
          return [tf.transpose(r), tf.reshape(tf.sum(tf.square(r), 1), [1, r1 - r0])];
        });
        try {
          for (let q0 = 0; q0 < n; q0 += parts.batchSize) {
            const q1 = Math.min(n, q0 + parts.batchSize);
            const scores = tf.tidy(() => {
              const products = tf.matMul(tf.slice(query, [q0, 0], [q1 - q0, f]), referenceT);
              // Higher is nearer: 2a·b − ‖b‖² for euclidean (‖a‖² is the same along a row), a·b for cosine.
              return metric === 'cosine' ? products : tf.sub(tf.mul(products, 2), referenceNorms);
            });
            if (scanOnHost) {
              // cpu/wasm: reading the block and scanning it with a running threshold is ~10x faster than tf.topk.
              const values = (await scores.data()) as Float32Array;
              scores.dispose();
              const blockWidth = r1 - r0;
              for (let row = q0; row < q1; row++) {
                scanBlock(bestScore, bestIndex, width, row, values, (row - q0) * blockWidth, blockWidth, r0);
              }
            } else {
              const blockWidth = Math.min(width, r1 - r0);
              const top = tf.topk(scores, blockWidth, true);
              scores.dispose();
              const [values, indices] = await Promise.all([top.values.data(), top.indices.data()]);
              top.values.dispose();
              top.indices.dispose();
              for (let row = q0; row < q1; row++) {
                mergeCandidates(bestScore, bestIndex, width, row, values as Float32Array, indices as Int32Array, (row - q0) * blockWidth, blockWidth, r0);
              }
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
    return bestIndex;
  }

  async function kneighbors(input: PredictInput): Promise<{ indices: Int32Array; distances: Float64Array }> {
    const x = readFeatures('KNearestNeighborsModel.kneighbors', input);
    if (x.numFeatures !== f) {
      throw new RangeError(`KNearestNeighborsModel.kneighbors: expected ${f} features per example, got ${x.numFeatures}`);
    }
    const found = await candidates(x.values, x.count);
    const indices = new Int32Array(x.count * k);
    const distances = new Float64Array(x.count * k);
    const pairs: { d: number; i: number }[] = new Array(width);
    for (let row = 0; row < x.count; row++) {
      for (let c = 0; c < width; c++) {
        const i = found[row * width + c];
        pairs[c] = { d: exactDistance(metric, x.values, row * f, references, i * f, f), i };
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
  });
}
