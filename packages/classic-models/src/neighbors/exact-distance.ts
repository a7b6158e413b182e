import { allocateDenseRows, instantiateDenseRowKernels, type DenseKernelArena, type DenseRowKernels } from '../native/dense-kernel-arena.js';

/**
 * The exact squared euclidean distances of k-nearest neighbours: `Σ (q − x_i)²` in float64 from one query row `q`
 * to stored float32 rows `x_i`. The rows live on a {@link allocateDenseRows} arena when the engine runs WebAssembly
 * SIMD, and native/dense-rows.c's `squared_distance_f64_f32` measures them there; otherwise
 * {@link squaredDistanceF64F32} does, with the same float64 operations in the same order — the same bits either way.
 */
export interface ExactDistances {
  /** The stored rows `[count, numFeatures]` (float32; a view on the arena's memory when {@link simd}). */
  readonly rows: Float32Array<ArrayBufferLike>;
  /** True when the SIMD kernel measures. */
  readonly simd: boolean;
  /**
   * Loads the query: `numFeatures` values of `values` from `base`, promoted to float64. Measure right after, with
   * no `await` between (one query slot per instance).
   */
  setQuery(values: Float32Array | Float64Array, base: number): void;
  /** `Σ (q − x_i)²` of the loaded query and row `i`. */
  squaredDistance(i: number): number;
  /** When {@link simd}: the arena (with the `scratch` regions asked for) and its kernels, for other kernels on the rows. */
  readonly native?: { arena: DenseKernelArena; kernels: DenseRowKernels };
}

/**
 * Stores `rows` (`[count, numFeatures]`, copied) for exact distances, on a SIMD arena (with `scratch` regions of
 * these byte sizes) when the engine allows.
 */
export function createExactDistances(rows: Float32Array | Float64Array, count: number, numFeatures: number, scratch: number[] = []): ExactDistances {
  const f = numFeatures;
  const { values, arena } = allocateDenseRows(count, f, { slots: 1, shared: false, scratch });
  values.set(rows.subarray(0, count * f));
  const kernels = arena !== undefined && f > 0 ? instantiateDenseRowKernels(arena) : undefined;
  // The query: in the arena's slot when the kernel measures, else a plain float64 row.
  const query = kernels !== undefined && arena !== undefined ? new Float64Array(arena.memory.buffer, arena.slotOffsets[0], f) : new Float64Array(f);
  const setQuery = (source: Float32Array | Float64Array, base: number): void => {
    for (let j = 0; j < f; j++) query[j] = source[base + j];
  };
  if (kernels === undefined || arena === undefined) {
    return { rows: values, simd: false, setQuery, squaredDistance: (i) => squaredDistanceF64F32(query, 0, values, i * f, f) };
  }
  const queryOffset = query.byteOffset;
  const rowBytes = f * 4;
  const rowsOffset = arena.rowsOffset;
  return {
    rows: values,
    simd: true,
    setQuery,
    squaredDistance: (i) => kernels.squared_distance_f64_f32(queryOffset, rowsOffset + i * rowBytes, f),
    native: { arena, kernels },
  };
}

/**
 * `Σ (q − x)²` over `n` features in float64 (`x` promoted): eight partial sums `s_(f mod 8)` over groups of eight
 * features, the tail added to `s0`, combined as `((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))` — the order of
 * native/dense-rows.c's `squared_distance_f64_f32`.
 */
export function squaredDistanceF64F32(q: Float64Array, qBase: number, x: Float32Array<ArrayBufferLike>, xBase: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let s5 = 0;
  let s6 = 0;
  let s7 = 0;
  let f = 0;
  const end = n & ~7;
  for (; f < end; f += 8) {
    const a = qBase + f;
    const b = xBase + f;
    const d0 = q[a] - x[b];
    const d1 = q[a + 1] - x[b + 1];
    const d2 = q[a + 2] - x[b + 2];
    const d3 = q[a + 3] - x[b + 3];
    const d4 = q[a + 4] - x[b + 4];
    const d5 = q[a + 5] - x[b + 5];
    const d6 = q[a + 6] - x[b + 6];
    const d7 = q[a + 7] - x[b + 7];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
    s4 += d4 * d4;
    s5 += d5 * d5;
    s6 += d6 * d6;
    s7 += d7 * d7;
  }
  for (; f < n; f++) {
    const d = q[qBase + f] - x[xBase + f];
    s0 += d * d;
  }
  return s0 + s1 + (s2 + s3) + (s4 + s5 + (s6 + s7));
}
