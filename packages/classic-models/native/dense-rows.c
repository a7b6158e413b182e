// Kernels on dense float32 rows in WebAssembly SIMD128, shipped inside the package (built by native/build.sh; no
// libc, no stack use):
// - dual coordinate descent's two hot loops (src/linear/dual-coordinate-descent.ts): `w · x_i` and `w += d x_i`,
//   with `x` float32 and `w` float64. They do the very float64 operations of the TypeScript loops in the same order —
//   the products of float32 values promoted to float64, four partial sums over groups of four features (the tail
//   added to the first), combined as (d0 + d1) + (d2 + d3) — so a solve gives the same bits with or without this
//   module (tested).
// - the exact squared euclidean distance of k-nearest neighbours (src/neighbors/exact-distance.ts): `Σ (q − x_i)²`
//   with `q` float64 and `x_i` float32, in the order of its TypeScript twin (eight partial sums), so the neighbours
//   and distances are the same bits either way (tested).
// - the bounded k-NN search's float32 parts (src/neighbors/native-bounded-search.ts): the bound scores of a batch
//   of queries against every training row (a small matrix product on packed panels), the best `w` scores of a row,
//   the indices of the scores at or above a threshold, and the float64 projection of a training row on the bounds'
//   axes (the same bits as its TypeScript loop).
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

// Lanes 2 and 3 of four float32 values, promoted to two float64.
static inline v128_t promote_high(v128_t x4) {
  return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(x4, x4, 2, 3, 2, 3));
}

// Σ x[f] w[f] over f < n. `x` needs 4-byte, `w` 8-byte alignment.
EXPORT("dot_f32_f64")
double dot_f32_f64(const float *x, const double *w, int n) {
  v128_t sum01 = wasm_f64x2_splat(0.0);
  v128_t sum23 = wasm_f64x2_splat(0.0);
  int f = 0;
  const int end = n & ~3;
  for (; f < end; f += 4) {
    const v128_t x4 = wasm_v128_load(x + f);
    sum01 = wasm_f64x2_add(sum01, wasm_f64x2_mul(wasm_f64x2_promote_low_f32x4(x4), wasm_v128_load(w + f)));
    sum23 = wasm_f64x2_add(sum23, wasm_f64x2_mul(promote_high(x4), wasm_v128_load(w + f + 2)));
  }
  double d0 = wasm_f64x2_extract_lane(sum01, 0);
  const double d1 = wasm_f64x2_extract_lane(sum01, 1);
  const double d2 = wasm_f64x2_extract_lane(sum23, 0);
  const double d3 = wasm_f64x2_extract_lane(sum23, 1);
  for (; f < n; f++) d0 += (double)x[f] * w[f];
  return d0 + d1 + (d2 + d3);
}

// w[f] += d x[f] for f < n.
EXPORT("axpy_f32_f64")
void axpy_f32_f64(double *w, const float *x, double d, int n) {
  const v128_t d2 = wasm_f64x2_splat(d);
  int f = 0;
  const int end = n & ~3;
  for (; f < end; f += 4) {
    const v128_t x4 = wasm_v128_load(x + f);
    wasm_v128_store(w + f, wasm_f64x2_add(wasm_v128_load(w + f), wasm_f64x2_mul(d2, wasm_f64x2_promote_low_f32x4(x4))));
    wasm_v128_store(w + f + 2, wasm_f64x2_add(wasm_v128_load(w + f + 2), wasm_f64x2_mul(d2, promote_high(x4))));
  }
  for (; f < n; f++) w[f] += d * (double)x[f];
}

// Σ (q[f] − x[f])² over f < n in float64, `x` promoted: eight partial sums s_(f mod 8) over groups of eight features,
// the tail added to s0, combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)). `q` needs 8-byte, `x` 4-byte
// alignment.
EXPORT("squared_distance_f64_f32")
double squared_distance_f64_f32(const double *q, const float *x, int n) {
  v128_t s01 = wasm_f64x2_splat(0.0);
  v128_t s23 = wasm_f64x2_splat(0.0);
  v128_t s45 = wasm_f64x2_splat(0.0);
  v128_t s67 = wasm_f64x2_splat(0.0);
  int f = 0;
  const int end = n & ~7;
  for (; f < end; f += 8) {
    const v128_t x0 = wasm_v128_load(x + f);
    const v128_t x4 = wasm_v128_load(x + f + 4);
    const v128_t d01 = wasm_f64x2_sub(wasm_v128_load(q + f), wasm_f64x2_promote_low_f32x4(x0));
    const v128_t d23 = wasm_f64x2_sub(wasm_v128_load(q + f + 2), promote_high(x0));
    const v128_t d45 = wasm_f64x2_sub(wasm_v128_load(q + f + 4), wasm_f64x2_promote_low_f32x4(x4));
    const v128_t d67 = wasm_f64x2_sub(wasm_v128_load(q + f + 6), promote_high(x4));
    s01 = wasm_f64x2_add(s01, wasm_f64x2_mul(d01, d01));
    s23 = wasm_f64x2_add(s23, wasm_f64x2_mul(d23, d23));
    s45 = wasm_f64x2_add(s45, wasm_f64x2_mul(d45, d45));
    s67 = wasm_f64x2_add(s67, wasm_f64x2_mul(d67, d67));
  }
  double s0 = wasm_f64x2_extract_lane(s01, 0);
  for (; f < n; f++) {
    const double d = q[f] - (double)x[f];
    s0 += d * d;
  }
  const double s1 = wasm_f64x2_extract_lane(s01, 1);
  const double s2 = wasm_f64x2_extract_lane(s23, 0);
  const double s3 = wasm_f64x2_extract_lane(s23, 1);
  const double s4 = wasm_f64x2_extract_lane(s45, 0);
  const double s5 = wasm_f64x2_extract_lane(s45, 1);
  const double s6 = wasm_f64x2_extract_lane(s67, 0);
  const double s7 = wasm_f64x2_extract_lane(s67, 1);
  return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

// scores[r * stride + i] = Σ_t a[r * depth + t] · b[(i / 8) * depth * 8 + t * 8 + i % 8] for r < rows, i < stride:
// `a` is `[rows, depth]`, `b` holds `stride / 8` panels of `[depth, 8]` (stride a multiple of 8). Tiles of 4 rows × 8
// columns keep 8 accumulators in registers; a panel (depth × 32 bytes) stays in L1 while every row uses it.
EXPORT("bound_scores")
void bound_scores(const float *a, int rows, const float *b, int stride, int depth, float *scores) {
  for (int i = 0; i < stride; i += 8) {
    const float *panel = b + (long)i * depth;
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      const float *a0 = a + r * depth;
      const float *a1 = a0 + depth;
      const float *a2 = a1 + depth;
      const float *a3 = a2 + depth;
      v128_t c00 = wasm_f32x4_splat(0.0f), c01 = wasm_f32x4_splat(0.0f);
      v128_t c10 = wasm_f32x4_splat(0.0f), c11 = wasm_f32x4_splat(0.0f);
      v128_t c20 = wasm_f32x4_splat(0.0f), c21 = wasm_f32x4_splat(0.0f);
      v128_t c30 = wasm_f32x4_splat(0.0f), c31 = wasm_f32x4_splat(0.0f);
      for (int t = 0; t < depth; t++) {
        const v128_t b0 = wasm_v128_load(panel + t * 8);
        const v128_t b1 = wasm_v128_load(panel + t * 8 + 4);
        const v128_t x0 = wasm_v128_load32_splat(a0 + t);
        const v128_t x1 = wasm_v128_load32_splat(a1 + t);
        const v128_t x2 = wasm_v128_load32_splat(a2 + t);
        const v128_t x3 = wasm_v128_load32_splat(a3 + t);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, b0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, b1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, b0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, b1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, b0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, b1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, b0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, b1));
      }
      float *out = scores + (long)r * stride + i;
      wasm_v128_store(out, c00);
      wasm_v128_store(out + 4, c01);
      wasm_v128_store(out + stride, c10);
      wasm_v128_store(out + stride + 4, c11);
      wasm_v128_store(out + 2 * stride, c20);
      wasm_v128_store(out + 2 * stride + 4, c21);
      wasm_v128_store(out + 3 * stride, c30);
      wasm_v128_store(out + 3 * stride + 4, c31);
    }
    for (; r < rows; r++) {
      const float *a0 = a + r * depth;
      v128_t c00 = wasm_f32x4_splat(0.0f), c01 = wasm_f32x4_splat(0.0f);
      for (int t = 0; t < depth; t++) {
        const v128_t x0 = wasm_v128_load32_splat(a0 + t);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, wasm_v128_load(panel + t * 8)));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, wasm_v128_load(panel + t * 8 + 4)));
      }
      float *out = scores + (long)r * stride + i;
      wasm_v128_store(out, c00);
      wasm_v128_store(out + 4, c01);
    }
  }
}

// Inserts (score, index) into the descending best_score[0..w) (ties: the entry already there stays ahead).
static inline void insert_best(float score, int index, float *best_score, int *best_index, int w) {
  int at = w - 1;
  while (at > 0 && best_score[at - 1] < score) {
    best_score[at] = best_score[at - 1];
    best_index[at] = best_index[at - 1];
    at--;
  }
  best_score[at] = score;
  best_index[at] = index;
}

// The w largest of scores[0..n) (NaN never counts), descending, among equal scores the lower index first. Unfilled
// entries (fewer than w comparable scores) keep score -infinity and index -1. Returns how many were filled.
EXPORT("top_scores")
int top_scores(const float *scores, int n, int w, float *best_score, int *best_index) {
  for (int c = 0; c < w; c++) {
    best_score[c] = -__builtin_inff();
    best_index[c] = -1;
  }
  int filled = 0;
  float threshold = -__builtin_inff();
  int j = 0;
  // Until w entries are in, every finite score enters (the threshold is -infinity, and -infinity itself may too).
  for (; j < n && filled < w; j++) {
    if (scores[j] >= -__builtin_inff()) {
      insert_best(scores[j], j, best_score, best_index, w);
      filled++;
    }
  }
  threshold = best_score[w - 1];
  for (; j + 16 <= n; j += 16) {
    const v128_t limit = wasm_f32x4_splat(threshold);
    const v128_t above = wasm_v128_or(wasm_v128_or(wasm_f32x4_gt(wasm_v128_load(scores + j), limit), wasm_f32x4_gt(wasm_v128_load(scores + j + 4), limit)),
                                      wasm_v128_or(wasm_f32x4_gt(wasm_v128_load(scores + j + 8), limit), wasm_f32x4_gt(wasm_v128_load(scores + j + 12), limit)));
    if (!wasm_v128_any_true(above)) continue;
    for (int t = j; t < j + 16; t++) {
      if (scores[t] > threshold) {
        insert_best(scores[t], t, best_score, best_index, w);
        threshold = best_score[w - 1];
      }
    }
  }
  for (; j < n; j++) {
    if (scores[j] > threshold) {
      insert_best(scores[j], j, best_score, best_index, w);
      threshold = best_score[w - 1];
    }
  }
  return filled;
}

// Writes the indices j < n with scores[j] >= threshold to out, in increasing order; returns how many.
EXPORT("scan_at_least")
int scan_at_least(const float *scores, int n, float threshold, int *out) {
  const v128_t limit = wasm_f32x4_splat(threshold);
  int m = 0;
  int j = 0;
  for (; j + 16 <= n; j += 16) {
    const v128_t hit = wasm_v128_or(wasm_v128_or(wasm_f32x4_ge(wasm_v128_load(scores + j), limit), wasm_f32x4_ge(wasm_v128_load(scores + j + 4), limit)),
                                    wasm_v128_or(wasm_f32x4_ge(wasm_v128_load(scores + j + 8), limit), wasm_f32x4_ge(wasm_v128_load(scores + j + 12), limit)));
    if (!wasm_v128_any_true(hit)) continue;
    for (int t = j; t < j + 16; t++) {
      if (scores[t] >= threshold) out[m++] = t;
    }
  }
  for (; j < n; j++) {
    if (scores[j] >= threshold) out[m++] = j;
  }
  return m;
}

// projected[t] = Σ_j x[j] p[j * d + t] for t < d, and the return value Σ_j x[j]², both over the non-zero x[j] in
// increasing j, as float64 — per output, the very operations of the TypeScript loop in neighbor-bound-index.ts
// (SIMD runs across t, not j), so the same bits. `p` and `projected` need 8-byte alignment.
EXPORT("project_row_f32_f64")
double project_row_f32_f64(const float *x, int n, const double *p, int d, double *projected) {
  for (int t = 0; t < d; t++) projected[t] = 0.0;
  double squared = 0.0;
  const int pairs = d & ~1;
  for (int j = 0; j < n; j++) {
    const double v = (double)x[j];
    if (v == 0.0) continue;
    squared += v * v;
    const double *row = p + (long)j * d;
    const v128_t v2 = wasm_f64x2_splat(v);
    int t = 0;
    for (; t < pairs; t += 2) wasm_v128_store(projected + t, wasm_f64x2_add(wasm_v128_load(projected + t), wasm_f64x2_mul(v2, wasm_v128_load(row + t))));
    for (; t < d; t++) projected[t] += v * row[t];
  }
  return squared;
}
