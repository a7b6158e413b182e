/*
 * The subset of clang's <wasm_simd128.h> that native/kernels.c uses, written with clang's portable vector
 * extensions so the SAME kernels.c compiles natively (x86-64, arm64) for branch-coverage measurement
 * (native/coverage/harness.c). Lane semantics follow the WebAssembly SIMD spec: unaligned loads and stores,
 * comparisons give all-ones/zero lanes, f32x4.max propagates NaN.
 */
#ifndef DIGITKIT_WASM_SIMD128_SHIM_H
#define DIGITKIT_WASM_SIMD128_SHIM_H
#include <stdint.h>
#include <string.h>

typedef int32_t v128_t __attribute__((vector_size(16), aligned(16)));
typedef float dk_f32x4 __attribute__((vector_size(16), aligned(16)));

static inline v128_t wasm_v128_load(const void *p) { v128_t v; memcpy(&v, p, 16); return v; }
static inline void wasm_v128_store(void *p, v128_t v) { memcpy(p, &v, 16); }
static inline v128_t wasm_f32x4_make(float a, float b, float c, float d) { dk_f32x4 f = {a, b, c, d}; return (v128_t)f; }
static inline v128_t wasm_f32x4_splat(float x) { return wasm_f32x4_make(x, x, x, x); }
static inline v128_t wasm_v128_load32_splat(const void *p) { float x; memcpy(&x, p, 4); return wasm_f32x4_splat(x); }
static inline v128_t wasm_i32x4_splat(int32_t x) { v128_t v = {x, x, x, x}; return v; }
#define wasm_i32x4_extract_lane(v, i) ((v)[i])
#define wasm_f32x4_extract_lane(v, i) (((dk_f32x4)(v))[i])
#define wasm_v128_store32_lane(p, v, i) do { int32_t lane_ = (v)[i]; memcpy((p), &lane_, 4); } while (0)
static inline v128_t wasm_f32x4_add(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a + (dk_f32x4)b); }
static inline v128_t wasm_f32x4_sub(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a - (dk_f32x4)b); }
static inline v128_t wasm_f32x4_mul(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a * (dk_f32x4)b); }
static inline v128_t wasm_f32x4_div(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a / (dk_f32x4)b); }
static inline v128_t wasm_f32x4_eq(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a == (dk_f32x4)b); }
static inline v128_t wasm_f32x4_ne(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a != (dk_f32x4)b); }
static inline v128_t wasm_f32x4_gt(v128_t a, v128_t b) { return (v128_t)((dk_f32x4)a > (dk_f32x4)b); }
static inline v128_t wasm_f32x4_sqrt(v128_t a) {
  dk_f32x4 x = (dk_f32x4)a;
  for (int i = 0; i < 4; i++) x[i] = __builtin_sqrtf(x[i]);
  return (v128_t)x;
}
static inline v128_t wasm_f32x4_max(v128_t a, v128_t b) {
  dk_f32x4 x = (dk_f32x4)a, y = (dk_f32x4)b, r;
  for (int i = 0; i < 4; i++) r[i] = (x[i] != x[i] || y[i] != y[i]) ? x[i] + y[i] : (x[i] > y[i] ? x[i] : y[i]);
  return (v128_t)r;
}
#ifdef __wasm_relaxed_simd__
/* The relaxed-SIMD variant (the coverage test also compiles with -D__wasm_relaxed_simd__): clang's builtin and its
 * vector type as clang's <wasm_simd128.h> declares them; f32x4.relaxed_madd may fuse or not, this one fuses (what V8
 * emits on CPUs with FMA). */
typedef float __f32x4 __attribute__((vector_size(16), aligned(16)));
static inline __f32x4 __builtin_wasm_relaxed_madd_f32x4(__f32x4 a, __f32x4 b, __f32x4 c) {
  for (int i = 0; i < 4; i++) c[i] = __builtin_fmaf(a[i], b[i], c[i]);
  return c;
}
#endif
static inline v128_t wasm_v128_and(v128_t a, v128_t b) { return a & b; }
static inline v128_t wasm_v128_andnot(v128_t a, v128_t b) { return a & ~b; }
static inline v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t mask) { return (a & mask) | (b & ~mask); }
#endif
