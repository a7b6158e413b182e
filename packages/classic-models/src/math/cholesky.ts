/**
 * Cholesky factor `L` (lower, `[n, n]` row-major float64) of `A + jitter·I`; `undefined` when a pivot is not
 * positive (not positive definite at this jitter). Row-oriented (each entry is a dot product of two contiguous row
 * prefixes, four partial sums), so it runs at memory speed: ~1 s for n = 2000.
 */
export function cholesky(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      let k = 0;
      for (; k + 3 < j; k += 4) {
        s0 += l[ri + k] * l[rj + k];
        s1 += l[ri + k + 1] * l[rj + k + 1];
        s2 += l[ri + k + 2] * l[rj + k + 2];
        s3 += l[ri + k + 3] * l[rj + k + 3];
      }
      for (; k < j; k++) s0 += l[ri + k] * l[rj + k];
      const sum = a[ri + j] + (i === j ? jitter : 0) - (s0 + s1 + (s2 + s3));
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[ri + i] = Math.sqrt(sum);
      } else {
        l[ri + j] = sum / l[rj + j];
      }
    }
  }
  return l;
}

/**
 * Inverse `X = L⁻¹` of a lower-triangular `[n, n]` matrix (itself lower-triangular), float64. Row by row:
 * `X[i, :i] = −(Σₖ L[i, k] · X[k, :k+1]) / L[i, i]`, a sum of contiguous row prefixes (no strided column walks).
 */
export function invertLowerTriangular(l: Float64Array, n: number): Float64Array {
  const inverse = new Float64Array(n * n);
  const sum = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    sum.fill(0, 0, i);
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) sum[j] += lik * inverse[rk + j];
    }
    const pivot = l[ri + i];
    for (let j = 0; j < i; j++) inverse[ri + j] = -sum[j] / pivot;
    inverse[ri + i] = 1 / pivot;
  }
  return inverse;
}
