// The two hot loops of dual coordinate descent on dense float32 rows (src/linear/dual-coordinate-descent.ts), in
// WebAssembly SIMD128: `w · x_i` and `w += d x_i`, with `x` float32 and `w` float64. They do the very float64
// operations of the TypeScript loops in the same order — the products of float32 values promoted to float64, four
// partial sums over groups of four features (the tail added to the first), combined as (d0 + d1) + (d2 + d3) — so a
// solve gives the same bits with or without this module (tested). Built by native/build.sh; no libc, no stack use.
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
