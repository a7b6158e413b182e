/** Rows of a row-major matrix keeping only the non-zero entries (compressed sparse rows). */
export interface SparseRows {
  count: number;
  numFeatures: number;
  /** Row `i`'s entries are `start[i] .. start[i + 1] - 1`. */
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** Memory for a typed array: `ArrayBuffer`s, or `SharedArrayBuffer`s that worker threads read in place. */
export type BufferAllocator = (byteLength: number) => ArrayBufferLike;

/** Compresses a dense `[count, numFeatures]` matrix (MNIST pixels are ~80 % zeros, so loops over them shrink 5×). */
export function toSparseRows(
  values: ArrayLike<number>,
  count: number,
  numFeatures: number,
  allocate: BufferAllocator = (byteLength) => new ArrayBuffer(byteLength),
): SparseRows {
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  const start = new Int32Array(allocate((count + 1) * 4));
  const index = new Int32Array(allocate(nonZero * 4));
  const value = new Float64Array(allocate(nonZero * 8));
  let at = 0;
  for (let row = 0; row < count; row++) {
    start[row] = at;
    const base = row * numFeatures;
    for (let f = 0; f < numFeatures; f++) {
      const v = values[base + f];
      if (v !== 0) {
        index[at] = f;
        value[at++] = v;
      }
    }
  }
  start[count] = at;
  return { count, numFeatures, start, index, value };
}
