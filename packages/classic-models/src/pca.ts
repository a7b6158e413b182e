import { checkBoolean, checkInteger, checkOptions } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readFeatures, type PredictInput } from './input/features.js';
import { symmetricEigen } from './math/symmetric-eigen.js';
import { configNumber, stateArray, stateToJson, type ClassicModelJson, type ModelState } from './serialization/model-json.js';

/** Options of {@link fitPca}. */
export interface PcaOptions {
  /** Components kept, integer `1..F`. Default `50`. */
  components?: number;
  /** Divide each projected coordinate by its standard deviation (unit variance outputs). Default `false`. */
  whiten?: boolean;
  /** Rows per covariance block. Default `4096`. */
  batchSize?: number;
}

/** A fitted principal component analysis: a step before any model (`model.fit(pca.transform(x))`). */
export interface PcaModel {
  readonly kind: 'pca';
  /** Features of the input `F`. */
  readonly numFeatures: number;
  /** Components kept `C`. */
  readonly components: number;
  readonly whiten: boolean;
  /** Principal axes `[C, F]` row-major float32, by decreasing variance (scikit-learn's `components_`, same signs). */
  readonly axes: Float32Array;
  /** Training mean `[F]`. */
  readonly mean: Float32Array;
  /** Variance along each axis `[C]` (divisor `N − 1`, scikit-learn's `explained_variance_`). */
  readonly explainedVariance: Float64Array;
  /** Share of the total variance `[C]` (scikit-learn's `explained_variance_ratio_`). */
  readonly explainedVarianceRatio: Float64Array;
  /** Projects `[N, F]` inputs to `[N, C]` float32 on the current backend (the caller disposes the tensor). */
  transform(input: PredictInput): tf.Tensor2D;
  /** The model as JSON-safe data; restore it with `classicModelFromJson`. */
  toJSON(): ClassicModelJson;
}

const OPTION_KEYS = ['components', 'whiten', 'batchSize'] as const;

/**
 * Fits a PCA: the mean, the covariance (`Xcᵀ Xc / (N − 1)`, accumulated block by block with matrix products on the
 * current tfjs backend, in float64 across blocks) and its full eigen-decomposition (Householder + QL, float64).
 * Axis signs follow scikit-learn's `svd_flip` rule (the training projection largest in absolute value is
 * positive), so `axes` equal `PCA(svd_solver='full').components_`.
 *
 * @param input - A `DigitDataset` (pixels scaled to `[0, 1]`), a `FeatureMatrix` or a tensor `[N, ...]` (N ≥ 2).
 * @param options - {@link PcaOptions}: `components = 50`, `whiten = false`.
 */
export async function fitPca(input: PredictInput, options?: PcaOptions): Promise<PcaModel> {
  const functionName = 'fitPca';
  const checked = checkOptions(functionName, options, OPTION_KEYS);
  const whiten = checkBoolean(functionName, 'options.whiten', checked.whiten ?? false);
  const batchSize = checkInteger(functionName, 'options.batchSize', checked.batchSize ?? 4096, { min: 1 });
  const x = readFeatures(functionName, input);
  const f = x.numFeatures;
  const components = checkInteger(functionName, 'options.components', checked.components ?? Math.min(50, f), { min: 1, max: f });
  if (x.count < 2) throw new RangeError(`${functionName}: expected at least 2 examples, got ${x.count}`);

  const mean64 = new Float64Array(f);
  for (let i = 0; i < x.count; i++) for (let j = 0; j < f; j++) mean64[j] += x.values[i * f + j];
  for (let j = 0; j < f; j++) mean64[j] /= x.count;
  const mean = Float32Array.from(mean64);

  const covariance = new Float64Array(f * f);
  const meanTensor = tf.tensor2d(mean, [1, f]);
  try {
    for (let r0 = 0; r0 < x.count; r0 += batchSize) {
      const r1 = Math.min(x.count, r0 + batchSize);
      const block = tf.tidy(() => {
        const centered = tf.sub(tf.tensor2d(toFloat32(x.values.subarray(r0 * f, r1 * f)), [r1 - r0, f]), meanTensor);
        return tf.matMul(centered, centered, true, false);
      });
      const values = await block.data();
      block.dispose();
      for (let j = 0; j < values.length; j++) covariance[j] += values[j];
    }
  } finally {
    meanTensor.dispose();
  }
  let total = 0;
  for (let j = 0; j < f * f; j++) covariance[j] /= x.count - 1;
  for (let j = 0; j < f; j++) total += covariance[j * f + j];

  const { values, vectors } = symmetricEigen(covariance, f);
  const axes = new Float32Array(components * f);
  const explainedVariance = new Float64Array(components);
  const explainedVarianceRatio = new Float64Array(components);
  for (let c = 0; c < components; c++) {
    const column = f - 1 - c; // descending
    explainedVariance[c] = Math.max(0, values[column]);
    explainedVarianceRatio[c] = explainedVariance[c] / total;
    for (let j = 0; j < f; j++) axes[c * f + j] = vectors[j * f + column];
  }
  await flipSigns(axes, mean, x, components, batchSize);
  return createPca({ numFeatures: f, components, whiten, axes, mean, explainedVariance, explainedVarianceRatio });
}

function toFloat32(values: Float32Array | Float64Array): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** scikit-learn's `svd_flip` (u-based): the training projection with the largest |value| on each axis is positive. */
async function flipSigns(
  axes: Float32Array,
  mean: Float32Array,
  x: { values: Float32Array | Float64Array; count: number; numFeatures: number },
  components: number,
  batchSize: number,
): Promise<void> {
  const f = x.numFeatures;
  const largest = new Float64Array(components);
  const sign = new Float64Array(components);
  const axesT = tf.tidy(() => tf.transpose(tf.tensor2d(axes, [components, f])));
  const meanTensor = tf.tensor2d(mean, [1, f]);
  try {
    for (let r0 = 0; r0 < x.count; r0 += batchSize) {
      const r1 = Math.min(x.count, r0 + batchSize);
      const projected = tf.tidy(() => tf.matMul(tf.sub(tf.tensor2d(toFloat32(x.values.subarray(r0 * f, r1 * f)), [r1 - r0, f]), meanTensor), axesT));
      const values = await projected.data();
      projected.dispose();
      for (let i = 0; i < values.length; i++) {
        const c = i % components;
        if (Math.abs(values[i]) > largest[c]) {
          largest[c] = Math.abs(values[i]);
          sign[c] = Math.sign(values[i]);
        }
      }
    }
  } finally {
    axesT.dispose();
    meanTensor.dispose();
  }
  for (let c = 0; c < components; c++) {
    if (sign[c] < 0) for (let j = 0; j < f; j++) axes[c * f + j] = -axes[c * f + j];
  }
}

interface PcaParts {
  numFeatures: number;
  components: number;
  whiten: boolean;
  axes: Float32Array;
  mean: Float32Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
}

function createPca(parts: PcaParts): PcaModel {
  const { numFeatures: f, components, axes, mean, explainedVariance } = parts;
  const scale = Float32Array.from(explainedVariance, (v) => (parts.whiten ? 1 / Math.sqrt(Math.max(v, 1e-300)) : 1));
  return {
    kind: 'pca',
    ...parts,
    transform(input) {
      const x = readFeatures('PcaModel.transform', input);
      if (x.numFeatures !== f) throw new RangeError(`PcaModel.transform: expected ${f} features per example, got ${x.numFeatures}`);
      return tf.tidy((): tf.Tensor2D => {
        const centered: tf.Tensor2D = tf.sub(tf.tensor2d(toFloat32(x.values), [x.count, f]), tf.tensor2d(mean, [1, f]));
        const projected = tf.matMul(centered, tf.tensor2d(axes, [components, f]), false, true) as tf.Tensor2D;
        return parts.whiten ? tf.mul<tf.Tensor2D>(projected, tf.tensor2d(scale, [1, components])) : projected;
      });
    },
    toJSON: (): ClassicModelJson =>
      stateToJson(
        {
          kind: 'pca',
          config: { numFeatures: f, components, whiten: parts.whiten },
          arrays: { axes, mean, explainedVariance, explainedVarianceRatio: parts.explainedVarianceRatio },
        },
        { axes: [components, f], mean: [f], explainedVariance: [components], explainedVarianceRatio: [components] },
      ),
  };
}

/** Restores a model from its state (see `classicModelFromJson`). */
export function pcaFromState(state: ModelState): PcaModel {
  const fn = 'classicModelFromJson';
  const numFeatures = configNumber(fn, state, 'numFeatures');
  const components = configNumber(fn, state, 'components');
  return createPca({
    numFeatures,
    components,
    whiten: state.config.whiten === true,
    axes: stateArray(fn, state, 'axes', Float32Array, components * numFeatures),
    mean: stateArray(fn, state, 'mean', Float32Array, numFeatures),
    explainedVariance: stateArray(fn, state, 'explainedVariance', Float64Array, components),
    explainedVarianceRatio: stateArray(fn, state, 'explainedVarianceRatio', Float64Array, components),
  });
}
