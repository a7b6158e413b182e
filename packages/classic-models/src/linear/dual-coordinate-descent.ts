import type { DenseKernelArena } from '../native/dense-kernel-arena.js';
import type { SparseRows } from './sparse-rows.js';

/**
 * Rows the solver reads: dense `[count, numFeatures]` or sparse. Dense float32 rows made by `allocateDenseRows` carry
 * its arena (`values` is then the arena's view at `rowsOffset`), where the solver runs the SIMD kernels.
 */
export type SolverRows =
  | { kind: 'dense'; values: Float32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike>; count: number; numFeatures: number; arena?: DenseKernelArena }
  | ({ kind: 'sparse' } & SparseRows);

/** Settings of {@link solveBinarySvmDual}. */
export interface DualSettings {
  /** Penalty `C` of the primal `½‖w‖² + C Σ loss`. */
  C: number;
  /** `'squared-hinge'` (L2-loss, liblinear solver 1) or `'hinge'` (L1-loss, solver 3). */
  loss: 'squared-hinge' | 'hinge';
  /** Value of the constant feature appended for the bias (liblinear's `bias`, scikit-learn's `intercept_scaling`). */
  biasScale: number;
  /** Stop when max − min projected gradient ≤ this (liblinear's `eps`, scikit-learn's `tol`). */
  tolerance: number;
  /** Passes over the data at most. */
  maxIterations: number;
  /** Uniform [0, 1) source for the visiting order. */
  random: () => number;
  /** Scratch vector of the rows' arena this solve may use (one per thread solving at once). Default `0`. */
  slot?: number;
}

/** Solution of one binary problem: `w` (length `numFeatures`) and the bias `b` (already multiplied by `biasScale`). */
export interface BinarySolution {
  w: Float64Array;
  bias: number;
  iterations: number;
  /** Whether the SIMD kernels ran (dense rows on an arena), else the TypeScript loops (the same bits). */
  simd: boolean;
}

/** `‖x_i‖²` of every row. */
export function rowSquaredNorms(rows: SolverRows): Float64Array {
  const norms = new Float64Array(rows.count);
  if (rows.kind === 'dense') {
    const { values, numFeatures } = rows;
    for (let i = 0; i < rows.count; i++) {
      let sum = 0;
      for (let f = i * numFeatures, end = f + numFeatures; f < end; f++) sum += values[f] * values[f];
      norms[i] = sum;
    }
  } else {
    for (let i = 0; i < rows.count; i++) {
      let sum = 0;
      for (let e = rows.start[i]; e < rows.start[i + 1]; e++) sum += rows.value[e] * rows.value[e];
      norms[i] = sum;
    }
  }
  return norms;
}

/**
 * Dual coordinate descent for a binary linear SVM with an L2 penalty (Hsieh, Chang, Lin, Keerthi, Sathiya 2008 —
 * liblinear's `solve_l2r_l1l2_svc`, with its shrinking; what scikit-learn's `LinearSVC(dual=True)` runs).
 * `members` lists the rows of the problem and `signs` their ±1 labels (same length).
 *
 * Self-contained on purpose (no helper, no import): `@digitkit/classic-models/node` runs this very function's
 * source in worker threads, so one problem gives the same bits on any thread. Dense rows take the inner product
 * with four partial sums (`w · x_i` is the hot loop; one running sum waits on each add's latency). Dense rows on an
 * arena run `w · x_i` and `w += d x_i` in its SIMD module, on `w` kept in the arena's scratch slot: the same float64
 * operations in the same order, so the same solution bit for bit (2.6× faster on MNIST's 2,000 Nyström features).
 */
export function solveBinarySvmDual(
  rows: SolverRows,
  squaredNorms: Float64Array,
  members: Int32Array,
  signs: Int8Array,
  settings: DualSettings,
): BinarySolution {
  const l = members.length;
  const numFeatures = rows.numFeatures;
  const dense = rows.kind === 'dense';
  const denseValues = rows.kind === 'dense' ? rows.values : new Float32Array(0);
  const sparseStart = rows.kind === 'sparse' ? rows.start : new Int32Array(1);
  const sparseIndex = rows.kind === 'sparse' ? rows.index : new Int32Array(0);
  const sparseValue = rows.kind === 'sparse' ? rows.value : new Float64Array(0);
  const tail = numFeatures & 3;
  const diag = settings.loss === 'squared-hinge' ? 0.5 / settings.C : 0;
  const upper = settings.loss === 'squared-hinge' ? Infinity : settings.C;
  const biasScale = settings.biasScale;
  const random = settings.random;
  const arena = rows.kind === 'dense' && rows.values instanceof Float32Array ? rows.arena : undefined;
  const slot = settings.slot ?? 0;
  let simd: { dot: (x: number, w: number, n: number) => number; axpy: (w: number, x: number, d: number, n: number) => void } | undefined;
  let w: Float64Array;
  if (arena !== undefined && Number.isInteger(slot) && slot >= 0 && slot < arena.slotOffsets.length && arena.memory.buffer.byteLength >= arena.rowsOffset + rows.count * numFeatures * 4) {
    // Instantiated here, not through instantiateDenseRowKernels: worker threads run this function's own source.
    const exports = new WebAssembly.Instance(arena.module, { env: { memory: arena.memory } }).exports;
    simd = { dot: exports.dot_f32_f64 as (x: number, w: number, n: number) => number, axpy: exports.axpy_f32_f64 as (w: number, x: number, d: number, n: number) => void };
    w = new Float64Array(arena.memory.buffer, arena.slotOffsets[slot], numFeatures).fill(0);
  } else {
    w = new Float64Array(numFeatures);
  }
  const wPointer = w.byteOffset;
  const rowBytes = numFeatures * 4;
  const rowsPointer = arena?.rowsOffset ?? 0;
  let b = 0; // weight of the constant feature
  const alpha = new Float64Array(l);
  const qd = new Float64Array(l);
  const order = new Int32Array(l);
  for (let s = 0; s < l; s++) {
    qd[s] = diag + squaredNorms[members[s]] + biasScale * biasScale;
    order[s] = s;
  }
  let activeSize = l;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iteration = 0;
  while (iteration < settings.maxIterations) {
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const j = s + Math.floor(random() * (activeSize - s));
      const swap = order[s];
      order[s] = order[j];
      order[j] = swap;
    }
    for (let s = 0; s < activeSize; s++) {
      const t = order[s];
      const i = members[t];
      const y = signs[t];
      let dot = 0;
      if (simd !== undefined) {
        dot = simd.dot(rowsPointer + i * rowBytes, wPointer, numFeatures);
      } else if (dense) {
        const base = i * numFeatures;
        const end = base + numFeatures - tail;
        let d0 = 0;
        let d1 = 0;
        let d2 = 0;
        let d3 = 0;
        let f = 0;
        for (let e = base; e < end; e += 4, f += 4) {
          d0 += denseValues[e] * w[f];
          d1 += denseValues[e + 1] * w[f + 1];
          d2 += denseValues[e + 2] * w[f + 2];
          d3 += denseValues[e + 3] * w[f + 3];
        }
        for (let e = end; e < base + numFeatures; e++, f++) d0 += denseValues[e] * w[f];
        dot = d0 + d1 + (d2 + d3);
      } else {
        const end = sparseStart[i + 1];
        for (let e = sparseStart[i]; e < end; e++) dot += sparseValue[e] * w[sparseIndex[e]];
      }
      const g = y * (dot + b * biasScale) - 1 + alpha[t] * diag;
      let pg = 0;
      if (alpha[t] === 0) {
        if (g > pgMaxOld) {
          activeSize--;
          order[s] = order[activeSize];
          order[activeSize] = t;
          s--;
          continue;
        } else if (g < 0) pg = g;
      } else if (alpha[t] === upper) {
        if (g < pgMinOld) {
          activeSize--;
          order[s] = order[activeSize];
          order[activeSize] = t;
          s--;
          continue;
        } else if (g > 0) pg = g;
      } else pg = g;
      if (pg > pgMaxNew) pgMaxNew = pg;
      if (pg < pgMinNew) pgMinNew = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[t];
        alpha[t] = Math.min(Math.max(old - g / qd[t], 0), upper);
        const d = (alpha[t] - old) * y;
        if (simd !== undefined) {
          simd.axpy(wPointer, rowsPointer + i * rowBytes, d, numFeatures);
        } else if (dense) {
          const base = i * numFeatures;
          for (let f = 0; f < numFeatures; f++) w[f] += d * denseValues[base + f];
        } else {
          const end = sparseStart[i + 1];
          for (let e = sparseStart[i]; e < end; e++) w[sparseIndex[e]] += d * sparseValue[e];
        }
        b += d * biasScale;
      }
    }
    iteration++;
    if (pgMaxNew - pgMinNew <= settings.tolerance) {
      if (activeSize === l) break;
      activeSize = l;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew > 0 ? pgMaxNew : Infinity;
    pgMinOld = pgMinNew < 0 ? pgMinNew : -Infinity;
  }
  // A slot is reused by the thread's next solve: the solution gets its own buffer.
  return { w: simd === undefined ? w : w.slice(), bias: b * biasScale, iterations: iteration, simd: simd !== undefined };
}
