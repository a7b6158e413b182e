/**
 * Eigen-decomposition of a real symmetric matrix: Householder tridiagonalization then the implicit QL algorithm
 * (EISPACK tred2/tql2, as in JAMA's public-domain `EigenvalueDecomposition`). Float64, pure TypeScript, O(n³).
 *
 * @param matrix - `[n, n]` row-major symmetric matrix (only read).
 * @returns `values` ascending and `vectors` `[n, n]` row-major with eigenvector `j` in column `j`.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  // W holds the transpose of JAMA's working matrix V (W[j][i] = V[i][j]): the algorithm walks V by columns, so
  // this layout makes those walks contiguous (~5x faster at n = 784) with the same operations in the same order.
  const W: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = matrix[i * n + j];
    W.push(column);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(W, d, e, n);
  tql2(W, d, e, n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const column = W[j];
    for (let i = 0; i < n; i++) vectors[i * n + j] = column[i];
  }
  return { values: d, vectors };
}

function tred2(W: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = W[j][n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = W[j][i - 1];
        W[j][i] = 0;
        W[i][j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        W[i][j] = f;
        g = e[j] + W[j][j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += W[j][k] * d[k];
          e[k] += W[j][k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) W[j][k] -= f * e[k] + g * d[k];
        d[j] = W[j][i - 1];
        W[j][i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    W[i][n - 1] = W[i][i];
    W[i][i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[i + 1][k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[i + 1][k] * W[j][k];
        for (let k = 0; k <= i; k++) W[j][k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) W[i + 1][k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j][n - 1];
    W[j][n - 1] = 0;
  }
  W[n - 1][n - 1] = 1;
  e[0] = 0;
}

function tql2(W: Float64Array[], d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = W[i + 1][k];
            W[i + 1][k] = s * W[i][k] + c * h;
            W[i][k] = c * W[i][k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  // Sort eigenvalues (and vectors) ascending.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = W[i][j];
        W[i][j] = W[k][j];
        W[k][j] = t;
      }
    }
  }
}
