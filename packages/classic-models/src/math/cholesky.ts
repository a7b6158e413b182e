/**
 * Cholesky factor `L` (lower, `[n, n]` row-major float64) of `A + jitter·I`; `undefined` when a pivot is not
 * positive (not positive definite at this jitter).
 */
export function cholesky(a: Float64Array, n: number, jitter: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] + (i === j ? jitter : 0);
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) sum -= l[ri + k] * l[rj + k];
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

/** Inverse of a lower-triangular `[n, n]` matrix (itself lower-triangular), float64. */
export function invertLowerTriangular(l: Float64Array, n: number): Float64Array {
  const inverse = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    // Solve L x = e_j by forward substitution; x is column j of the inverse (zero above the diagonal).
    inverse[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      const ri = i * n;
      for (let k = j; k < i; k++) sum -= l[ri + k] * inverse[k * n + j];
      inverse[ri + j] = sum / l[ri + i];
    }
  }
  return inverse;
}
