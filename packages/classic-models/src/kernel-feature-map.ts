import { createRng, UnsupportedEnvironmentError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import { cholesky, invertLowerTriangular } from './math/cholesky.js';

/** How the RBF kernel is approximated by explicit features. */
export type KernelApproximationMethod = 'nystrom' | 'random-fourier';

/** An explicit feature map `φ` with `φ(x)·φ(y) ≈ exp(−γ‖x − y‖²)`. */
export interface KernelFeatureMap {
  method: KernelApproximationMethod;
  gamma: number;
  numFeatures: number;
  /** Output features `D`. */
  components: number;
  /** Nyström: landmarks `[D, F]`; random Fourier: frequencies `[F, D]`. */
  basis: Float32Array;
  /** Nyström: `L⁻ᵀ` `[D, D]` (with `K_DD + jitter·I = L Lᵀ`); random Fourier: phases `[D]`. */
  projection: Float32Array;
}

/** Jitter added to the landmark kernel matrix's diagonal before its Cholesky factorization (grown ×10 on failure). */
const NYSTROM_JITTER = 1e-6;

/** `exp(−γ ‖a − b‖²)` for rows of `a` `[n, F]` against the rows of `b` `[m, F]` → `[n, m]`. */
export function rbfKernel(a: tf.Tensor2D, b: tf.Tensor2D, gamma: number): tf.Tensor2D {
  return tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true);
    const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, b.shape[0]]);
    const squared = tf.relu(tf.add(tf.sub(aa, tf.mul(tf.matMul(a, b, false, true), 2)), bb));
    return tf.exp(tf.mul(squared, -gamma)) as tf.Tensor2D;
  });
}

/**
 * Builds the feature map. Nyström (Williams & Seeger 2001): `D` landmarks drawn without replacement from the
 * training rows, `φ(x) = k(x, landmarks) · L⁻ᵀ` where `L` is the Cholesky factor of the landmarks' kernel matrix,
 * so `φ(x)·φ(y) = k_xᵀ K⁻¹ k_y` (scikit-learn's `Nystroem` uses `K^{-1/2}` instead: the same inner products).
 * Random Fourier features (Rahimi & Recht 2007): `φ(x) = √(2/D) cos(xW + b)`, `W ~ N(0, 2γ)`, `b ~ U(0, 2π)`
 * (scikit-learn's `RBFSampler`).
 */
export async function buildKernelFeatureMap(
  method: KernelApproximationMethod,
  values: Float32Array,
  count: number,
  numFeatures: number,
  gamma: number,
  components: number,
  seed: number,
): Promise<KernelFeatureMap> {
  const random = createRng(seed);
  if (method === 'random-fourier') {
    const basis = new Float32Array(numFeatures * components);
    const scale = Math.sqrt(2 * gamma);
    for (let i = 0; i < basis.length; i++) {
      // Box–Muller
      const u = 1 - random();
      basis[i] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    }
    const projection = Float32Array.from({ length: components }, () => 2 * Math.PI * random());
    return { method, gamma, numFeatures, components, basis, projection };
  }
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < components; i++) {
    const j = i + Math.floor(random() * (count - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const basis = new Float32Array(components * numFeatures);
  for (let i = 0; i < components; i++) basis.set(values.subarray(order[i] * numFeatures, (order[i] + 1) * numFeatures), i * numFeatures);
  const kernel = tf.tidy(() => {
    const landmarks = tf.tensor2d(basis, [components, numFeatures]);
    return rbfKernel(landmarks, landmarks, gamma);
  });
  const k = Float64Array.from(await kernel.data());
  kernel.dispose();
  let factor: Float64Array | undefined;
  for (let jitter = NYSTROM_JITTER; factor === undefined && jitter < 1; jitter *= 10) factor = cholesky(k, components, jitter);
  if (factor === undefined) {
    throw new UnsupportedEnvironmentError({
      functionName: 'fitSupportVectorMachine',
      expected: 'a positive definite landmark kernel matrix',
      found: 'a failed Cholesky factorization',
    });
  }
  const inverse = invertLowerTriangular(factor, components);
  // projection = L⁻ᵀ: element (i, j) = inverse(j, i).
  const projection = new Float32Array(components * components);
  for (let i = 0; i < components; i++) for (let j = 0; j < components; j++) projection[i * components + j] = inverse[j * components + i];
  return { method, gamma, numFeatures, components, basis, projection };
}

/**
 * Columns per block of the Nyström product `k(x, L) · L⁻ᵀ`: `L⁻ᵀ` is upper triangular, so output block `j` only
 * needs the first `(j + 1) · 256` kernel columns — 8 blocks for D = 2000 do 56 % of a full product's multiply-adds.
 */
const TRIANGULAR_BLOCK = 256;

/** Tensors of a feature map, created once per {@link mapRows} call (or per {@link applyKernelFeatureMap}). */
interface FeatureMapTensors {
  basis: tf.Tensor2D;
  /** Random Fourier: the phases `[1, D]`; Nyström: the column blocks of `L⁻ᵀ`, block `j` `[(j + 1)·256, 256]`. */
  projection: tf.Tensor2D[];
}

function featureMapTensors(map: KernelFeatureMap): FeatureMapTensors {
  return tf.tidy(() => {
    if (map.method === 'random-fourier') {
      return { basis: tf.tensor2d(map.basis, [map.numFeatures, map.components]), projection: [tf.tensor2d(map.projection, [1, map.components])] };
    }
    const d = map.components;
    const projection = tf.tensor2d(map.projection, [d, d]);
    const blocks: tf.Tensor2D[] = [];
    for (let c0 = 0; c0 < d; c0 += TRIANGULAR_BLOCK) {
      const c1 = Math.min(d, c0 + TRIANGULAR_BLOCK);
      blocks.push(tf.slice(projection, [0, c0], [c1, c1 - c0]));
    }
    return { basis: tf.tensor2d(map.basis, [d, map.numFeatures]), projection: blocks };
  });
}

function applyWithTensors(map: KernelFeatureMap, tensors: FeatureMapTensors, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    if (map.method === 'random-fourier') {
      return tf.mul(tf.cos(tf.add(tf.matMul(x, tensors.basis), tensors.projection[0])), Math.sqrt(2 / map.components)) as tf.Tensor2D;
    }
    const kernel = rbfKernel(x, tensors.basis, map.gamma);
    const n = x.shape[0];
    const d = map.components;
    const parts = tensors.projection.map((block) => {
      const depth = block.shape[0];
      return tf.matMul(depth === d ? kernel : tf.slice(kernel, [0, 0], [n, depth]), block) as tf.Tensor2D;
    });
    return parts.length === 1 ? parts[0] : tf.concat2d(parts, 1);
  });
}

/**
 * `φ(x)` of `[n, F]` inputs → `[n, D]` (tensors in a tidy; the caller disposes the result). Nyström skips the zero
 * lower triangle of `L⁻ᵀ` (column blocks of {@link TRIANGULAR_BLOCK}).
 */
export function applyKernelFeatureMap(map: KernelFeatureMap, x: tf.Tensor2D): tf.Tensor2D {
  const tensors = featureMapTensors(map);
  try {
    return applyWithTensors(map, tensors, x);
  } finally {
    tf.dispose([tensors.basis, ...tensors.projection]);
  }
}

/**
 * `φ(x)` of every row, block by block, read back into one `[count, D]` float32 array (`out` when given, e.g. one on
 * a `SharedArrayBuffer` for worker threads).
 */
export async function mapRows(
  map: KernelFeatureMap,
  values: Float32Array,
  count: number,
  batchSize: number,
  out: Float32Array<ArrayBufferLike> = new Float32Array(count * map.components),
): Promise<Float32Array<ArrayBufferLike>> {
  const tensors = featureMapTensors(map);
  try {
    for (let r0 = 0; r0 < count; r0 += batchSize) {
      const r1 = Math.min(count, r0 + batchSize);
      const mapped = tf.tidy(() => applyWithTensors(map, tensors, tf.tensor2d(values.subarray(r0 * map.numFeatures, r1 * map.numFeatures), [r1 - r0, map.numFeatures])));
      try {
        out.set(await mapped.data(), r0 * map.components);
      } finally {
        mapped.dispose();
      }
    }
  } finally {
    tf.dispose([tensors.basis, ...tensors.projection]);
  }
  return out;
}
