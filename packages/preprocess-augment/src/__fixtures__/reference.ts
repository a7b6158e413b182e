/**
 * Independent brute-force references for the tests: written from the textbook definitions, sharing no code
 * with the package.
 */

/** Deterministic pseudo-random bytes (LCG), with roughly `inkFraction` non-zero values. */
export function randomBytes(length: number, seed: number, inkFraction = 0.3): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let i = 0; i < length; i++) out[i] = next() < inkFraction ? 1 + Math.floor(next() * 255) : 0;
  return out;
}

/** numpy.rot90(image, k=1): counter-clockwise quarter turn of a square image. */
export function rot90(image: ArrayLike<number>, size: number): number[] {
  const out = new Array<number>(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) out[r * size + c] = image[c * size + (size - 1 - r)];
  return out;
}

/** Half turn. */
export function rot180(image: ArrayLike<number>, rows: number, cols: number): number[] {
  const out = new Array<number>(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = image[(rows - 1 - r) * cols + (cols - 1 - c)];
  return out;
}

/** Moves the content `dx` pixels right and `dy` pixels down, filling with `fill`. */
export function shifted(image: ArrayLike<number>, rows: number, cols: number, dx: number, dy: number, fill = 0): number[] {
  const out = new Array<number>(rows * cols).fill(fill);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const sr = r - dy;
      const sc = c - dx;
      if (sr >= 0 && sr < rows && sc >= 0 && sc < cols) out[r * cols + c] = image[sr * cols + sc];
    }
  }
  return out;
}

/** Two-pass population moments of a list of numbers. */
export function twoPassMoments(values: number[]): { mean: number; std: number; skewness: number; kurtosis: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of values) {
    m2 += (v - mean) ** 2;
    m3 += (v - mean) ** 3;
    m4 += (v - mean) ** 4;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, std: Math.sqrt(m2), skewness: m2 === 0 ? 0 : m3 / m2 ** 1.5, kurtosis: m2 === 0 ? 0 : m4 / m2 ** 2 - 3 };
}

/** Two-pass Pearson correlation of two equally long lists (NaN when either is constant). */
export function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? Number.NaN : sab / Math.sqrt(saa * sbb);
}
