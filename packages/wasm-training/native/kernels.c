/*
 * Hand-written WebAssembly SIMD128 kernels for @digitkit/wasm-training.
 *
 * Built with Debian's clang-16 + wasm-ld-16 (see build.sh) into a module that IMPORTS the tfjs wasm backend's
 * memory, so kernels read and write tensors in place (pointers are `backend.dataIdMap.get(id).memoryOffset`).
 * Rules that keep this safe inside another module's memory: no static data (no data segments), no arrays on
 * the shadow stack (the stack pointer is set by the JS loader to a block malloc'ed from the backend's heap),
 * no libc. Scratch buffers are passed in by the caller.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef float f32;

#define MR 4
#define NR 8
#define KC 256
#define MC 128
#define NC 512

/* Floats of scratch dk_gemm needs: packed A block, packed B block, one edge tile. */
EXPORT(dk_gemm_scratch_floats) int dk_gemm_scratch_floats(void) { return MC * KC + KC * NC + MR * NR; }

static inline int min_int(int a, int b) { return a < b ? a : b; }

/* Large fills and copies use memory.fill / memory.copy; V8 calls out for those, so short ones (im2col rows of a
 * few channels) use inline loops instead. */
static void zero_floats(f32 *p, int n) {
  if (n >= 256) {
    __builtin_memset(p, 0, (unsigned long)n * sizeof(f32));
    return;
  }
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, wasm_f32x4_splat(0.0f));
  for (; i < n; i++) p[i] = 0.0f;
}

static void copy_floats(f32 *dst, const f32 *src, int n) {
  if (n >= 256) {
    __builtin_memcpy(dst, src, (unsigned long)n * sizeof(f32));
    return;
  }
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

/* Packs an mc x kc block of A (element (i, k) at A[i*rsA + k*csA]) into MR-row panels, k-major. */
static void pack_a(int mc, int kc, const f32 *A, int rsA, int csA, f32 *out) {
  for (int i = 0; i < mc; i += MR) {
    int mr = min_int(MR, mc - i);
    const f32 *a = A + (long)i * rsA;
    if (mr == MR && rsA == 1) {
      for (int k = 0; k < kc; k++) wasm_v128_store(out + k * MR, wasm_v128_load(a + (long)k * csA));
    } else if (mr == MR) {
      const f32 *a0 = a, *a1 = a + rsA, *a2 = a + 2L * rsA, *a3 = a + 3L * rsA;
      for (int k = 0; k < kc; k++) {
        long o = (long)k * csA;
        wasm_v128_store(out + k * MR, wasm_f32x4_make(a0[o], a1[o], a2[o], a3[o]));
      }
    } else {
      for (int k = 0; k < kc; k++)
        for (int r = 0; r < MR; r++) out[k * MR + r] = r < mr ? a[(long)r * rsA + (long)k * csA] : 0.0f;
    }
    out += kc * MR;
  }
}

/* Packs a kc x nc block of B (element (k, j) at B[k*rsB + j*csB]) into NR-column panels, k-major. */
static void pack_b(int kc, int nc, const f32 *B, int rsB, int csB, f32 *out) {
  for (int j = 0; j < nc; j += NR) {
    int nr = min_int(NR, nc - j);
    const f32 *b = B + (long)j * csB;
    if (nr == NR && csB == 1) {
      for (int k = 0; k < kc; k++) {
        const f32 *src = b + (long)k * rsB;
        wasm_v128_store(out + k * NR, wasm_v128_load(src));
        wasm_v128_store(out + k * NR + 4, wasm_v128_load(src + 4));
      }
    } else {
      for (int k = 0; k < kc; k++)
        for (int c = 0; c < NR; c++) out[k * NR + c] = c < nr ? b[(long)k * rsB + (long)c * csB] : 0.0f;
    }
    out += kc * NR;
  }
}

/*
 * acc += a * b, the multiply-add of the GEMM micro-kernel. The relaxed-SIMD build (build.sh: -mrelaxed-simd, which
 * defines __wasm_relaxed_simd__) uses f32x4.relaxed_madd: one fused multiply-add where the engine's CPU has FMA
 * (one rounding instead of two, so results may differ from the SIMD128 build in the last bits), mul + add where it
 * has not. Only the GEMM uses it: the Adam update, BatchNorm and the gradients keep tfjs's separate roundings.
 */
#ifdef __wasm_relaxed_simd__
#define MADD(acc, a, b) acc = (v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(acc))
#else
#define MADD(acc, a, b) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(a, b))
#endif

/* C[mr x nr] (+)= packedA[MR x kc] * packedB[kc x NR]. Not inlined: dk_gemm and the Winograd convolution share
 * this one copy (so the relaxed build has exactly one set of 8 relaxed multiply-adds). */
__attribute__((noinline)) static void micro_kernel(int kc, const f32 *a, const f32 *b, f32 *C, int ldc, int mr, int nr, int accumulate,
                         f32 *edge) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int k = 0; k < kc; k++) {
    v128_t b0 = wasm_v128_load(b);
    v128_t b1 = wasm_v128_load(b + 4);
    v128_t a0 = wasm_v128_load32_splat(a);
    v128_t a1 = wasm_v128_load32_splat(a + 1);
    MADD(c00, a0, b0);
    MADD(c01, a0, b1);
    v128_t a2 = wasm_v128_load32_splat(a + 2);
    MADD(c10, a1, b0);
    MADD(c11, a1, b1);
    v128_t a3 = wasm_v128_load32_splat(a + 3);
    MADD(c20, a2, b0);
    MADD(c21, a2, b1);
    MADD(c30, a3, b0);
    MADD(c31, a3, b1);
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
    f32 *r0 = C, *r1 = C + ldc, *r2 = C + 2L * ldc, *r3 = C + 3L * ldc;
    if (accumulate) {
      c00 = wasm_f32x4_add(c00, wasm_v128_load(r0));
      c01 = wasm_f32x4_add(c01, wasm_v128_load(r0 + 4));
      c10 = wasm_f32x4_add(c10, wasm_v128_load(r1));
      c11 = wasm_f32x4_add(c11, wasm_v128_load(r1 + 4));
      c20 = wasm_f32x4_add(c20, wasm_v128_load(r2));
      c21 = wasm_f32x4_add(c21, wasm_v128_load(r2 + 4));
      c30 = wasm_f32x4_add(c30, wasm_v128_load(r3));
      c31 = wasm_f32x4_add(c31, wasm_v128_load(r3 + 4));
    }
    wasm_v128_store(r0, c00);
    wasm_v128_store(r0 + 4, c01);
    wasm_v128_store(r1, c10);
    wasm_v128_store(r1 + 4, c11);
    wasm_v128_store(r2, c20);
    wasm_v128_store(r2 + 4, c21);
    wasm_v128_store(r3, c30);
    wasm_v128_store(r3 + 4, c31);
    return;
  }
  wasm_v128_store(edge, c00);
  wasm_v128_store(edge + 4, c01);
  wasm_v128_store(edge + 8, c10);
  wasm_v128_store(edge + 12, c11);
  wasm_v128_store(edge + 16, c20);
  wasm_v128_store(edge + 20, c21);
  wasm_v128_store(edge + 24, c30);
  wasm_v128_store(edge + 28, c31);
  for (int r = 0; r < mr; r++)
    for (int c = 0; c < nr; c++) {
      f32 *dst = C + (long)r * ldc + c;
      *dst = (accumulate ? *dst : 0.0f) + edge[r * NR + c];
    }
}

/*
 * C[M x N] = A[M x K] * B[K x N] (+ C when accumulate != 0), any strides: A(i, k) = A[i*rsA + k*csA],
 * B(k, j) = B[k*rsB + j*csB], C(i, j) = C[i*ldc + j]. scratch holds dk_gemm_scratch_floats() floats.
 */
EXPORT(dk_gemm)
void dk_gemm(int M, int N, int K, const f32 *A, int rsA, int csA, const f32 *B, int rsB, int csB, f32 *C, int ldc,
             int accumulate, f32 *scratch) {
  f32 *packA = scratch;
  f32 *packB = scratch + MC * KC;
  f32 *edge = packB + KC * NC;
  if (K <= 0) {
    if (!accumulate)
      for (int i = 0; i < M; i++) zero_floats(C + (long)i * ldc, N);
    return;
  }
  for (int jc = 0; jc < N; jc += NC) {
    int nc = min_int(NC, N - jc);
    for (int pc = 0; pc < K; pc += KC) {
      int kc = min_int(KC, K - pc);
      pack_b(kc, nc, B + (long)pc * rsB + (long)jc * csB, rsB, csB, packB);
      int acc = accumulate || pc > 0;
      for (int ic = 0; ic < M; ic += MC) {
        int mc = min_int(MC, M - ic);
        pack_a(mc, kc, A + (long)ic * rsA + (long)pc * csA, rsA, csA, packA);
        for (int jr = 0; jr < nc; jr += NR) {
          for (int ir = 0; ir < mc; ir += MR) {
            micro_kernel(kc, packA + ir * kc, packB + jr * kc, C + (long)(ic + ir) * ldc + jc + jr, ldc,
                         min_int(MR, mc - ir), min_int(NR, nc - jr), acc, edge);
          }
        }
      }
    }
  }
}

/* Rows of output pixels processed per im2col chunk. */
#define PC 256

EXPORT(dk_conv_cols_floats) int dk_conv_cols_floats(int patch) { return PC * patch; }

/* im2col of output pixels [p0, p0 + pc) into cols[pc x FH*FW*C] (NHWC input, zeros outside). */
static void im2col(const f32 *x, f32 *cols, int p0, int pc, int H, int W, int C, int OH, int OW, int FH, int FW,
                   int sh, int sw, int dh, int dw, int top, int left) {
  int n = p0 / (OH * OW);
  int rem = p0 - n * OH * OW;
  int oy = rem / OW;
  int ox = rem - oy * OW;
  f32 *row = cols;
  for (int p = 0; p < pc; p++) {
    const f32 *xn = x + (long)n * H * W * C;
    int iy0 = oy * sh - top;
    int ix0 = ox * sw - left;
    int inside = iy0 >= 0 && ix0 >= 0 && iy0 + (FH - 1) * dh < H && ix0 + (FW - 1) * dw < W;
    if (inside && C == 1) {
      for (int r = 0; r < FH; r++) {
        const f32 *src = xn + (long)(iy0 + r * dh) * W + ix0;
        for (int s = 0; s < FW; s++) *row++ = src[s * dw];
      }
    } else if (inside) {
      for (int r = 0; r < FH; r++) {
        const f32 *src = xn + ((long)(iy0 + r * dh) * W + ix0) * C;
        for (int s = 0; s < FW; s++, row += C) copy_floats(row, src + (long)s * dw * C, C);
      }
    } else {
      for (int r = 0; r < FH; r++) {
        int iy = iy0 + r * dh;
        for (int s = 0; s < FW; s++, row += C) {
          int ix = ix0 + s * dw;
          if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
            zero_floats(row, C);
          } else {
            copy_floats(row, xn + ((long)iy * W + ix) * C, C);
          }
        }
      }
    }
    if (++ox == OW) {
      ox = 0;
      if (++oy == OH) {
        oy = 0;
        n++;
      }
    }
  }
}

/* Adds cols[pc x FH*FW*C] back into dx at the input positions each output pixel read (col2im). */
static void col2im_add(const f32 *cols, f32 *dx, int p0, int pc, int H, int W, int C, int OH, int OW, int FH, int FW,
                       int sh, int sw, int dh, int dw, int top, int left) {
  int n = p0 / (OH * OW);
  int rem = p0 - n * OH * OW;
  int oy = rem / OW;
  int ox = rem - oy * OW;
  const f32 *row = cols;
  for (int p = 0; p < pc; p++) {
    f32 *dxn = dx + (long)n * H * W * C;
    int iy0 = oy * sh - top;
    int ix0 = ox * sw - left;
    for (int r = 0; r < FH; r++) {
      int iy = iy0 + r * dh;
      for (int s = 0; s < FW; s++, row += C) {
        int ix = ix0 + s * dw;
        if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
        f32 *dst = dxn + ((long)iy * W + ix) * C;
        int c = 0;
        for (; c + 4 <= C; c += 4)
          wasm_v128_store(dst + c, wasm_f32x4_add(wasm_v128_load(dst + c), wasm_v128_load(row + c)));
        for (; c < C; c++) dst[c] += row[c];
      }
    }
    if (++ox == OW) {
      ox = 0;
      if (++oy == OH) {
        oy = 0;
        n++;
      }
    }
  }
}

/* dW[FH*FW*C x CO] = sum over output pixels of patch^T * dy (NHWC, any stride/dilation/padding). */
EXPORT(dk_conv2d_backprop_filter)
void dk_conv2d_backprop_filter(const f32 *x, const f32 *dy, f32 *dw, int N, int H, int W, int C, int OH, int OW,
                               int CO, int FH, int FW, int sh, int sw, int dh, int dwd, int top, int left,
                               f32 *scratch, f32 *cols) {
  int K = FH * FW * C;
  int P = N * OH * OW;
  if (P == 0) {
    zero_floats(dw, K * CO);
    return;
  }
  for (int p0 = 0; p0 < P; p0 += PC) {
    int pc = min_int(PC, P - p0);
    im2col(x, cols, p0, pc, H, W, C, OH, OW, FH, FW, sh, sw, dh, dwd, top, left);
    dk_gemm(K, CO, pc, cols, 1, K, dy + (long)p0 * CO, CO, 1, dw, CO, p0 > 0, scratch);
  }
}

/* dx[N,H,W,C] = col2im(dy * W^T) (NHWC, any stride/dilation/padding). */
EXPORT(dk_conv2d_backprop_input)
void dk_conv2d_backprop_input(const f32 *dy, const f32 *w, f32 *dx, int N, int H, int W, int C, int OH, int OW,
                              int CO, int FH, int FW, int sh, int sw, int dh, int dwd, int top, int left,
                              f32 *scratch, f32 *cols) {
  int K = FH * FW * C;
  int P = N * OH * OW;
  zero_floats(dx, N * H * W * C);
  for (int p0 = 0; p0 < P; p0 += PC) {
    int pc = min_int(PC, P - p0);
    dk_gemm(pc, K, CO, dy + (long)p0 * CO, CO, 1, w, 1, CO, cols, K, 0, scratch);
    col2im_add(cols, dx, p0, pc, H, W, C, OH, OW, FH, FW, sh, sw, dh, dwd, top, left);
  }
}

/*
 * MaxPoolGrad, NHWC: routes dy to the first maximum of each window (strict >, -inf start, like tfjs's cpu
 * backend); windows with no element greater than -inf route nothing.
 */
static void maxpool_grad_general(const f32 *x, const f32 *dy, f32 *dx, int N, int H, int W, int C, int OH, int OW,
                                 int FH, int FW, int sh, int sw, int dh, int dwd, int top, int left) {
  zero_floats(dx, N * H * W * C);
  const v128_t neg_inf = wasm_f32x4_splat(-__builtin_inff());
  for (int n = 0; n < N; n++) {
    const f32 *xn = x + (long)n * H * W * C;
    f32 *dxn = dx + (long)n * H * W * C;
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        const f32 *g = dy + (((long)n * OH + oy) * OW + ox) * C;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          v128_t best = neg_inf;
          v128_t where = wasm_i32x4_splat(-1);
          for (int r = 0; r < FH; r++) {
            int iy = oy * sh + r * dh - top;
            if (iy < 0 || iy >= H) continue;
            for (int s = 0; s < FW; s++) {
              int ix = ox * sw + s * dwd - left;
              if (ix < 0 || ix >= W) continue;
              int pos = (iy * W + ix) * C + c;
              v128_t v = wasm_v128_load(xn + pos);
              v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              where = wasm_v128_bitselect(wasm_i32x4_splat(pos), where, gt);
            }
          }
          int w0 = wasm_i32x4_extract_lane(where, 0), w1 = wasm_i32x4_extract_lane(where, 1);
          int w2 = wasm_i32x4_extract_lane(where, 2), w3 = wasm_i32x4_extract_lane(where, 3);
          if (w0 >= 0) dxn[w0] += g[c];
          if (w1 >= 0) dxn[w1 + 1] += g[c + 1];
          if (w2 >= 0) dxn[w2 + 2] += g[c + 2];
          if (w3 >= 0) dxn[w3 + 3] += g[c + 3];
        }
        for (; c < C; c++) {
          f32 best = -__builtin_inff();
          int where = -1;
          for (int r = 0; r < FH; r++) {
            int iy = oy * sh + r * dh - top;
            if (iy < 0 || iy >= H) continue;
            for (int s = 0; s < FW; s++) {
              int ix = ox * sw + s * dwd - left;
              if (ix < 0 || ix >= W) continue;
              int pos = (iy * W + ix) * C + c;
              if (xn[pos] > best) {
                best = xn[pos];
                where = pos;
              }
            }
          }
          if (where >= 0) dxn[where] += g[c];
        }
      }
    }
  }
}

/*
 * Non-overlapping windows (stride = window, no padding or dilation, C % 4 == 0): every input position is in at
 * most one window, so dx is written once per position with SIMD stores (positions outside every window are 0).
 */
static void maxpool_grad_tiled(const f32 *x, const f32 *dy, f32 *dx, int N, int H, int W, int C, int OH, int OW,
                               int FH, int FW) {
  if (OH * FH != H || OW * FW != W) zero_floats(dx, N * H * W * C);
  const v128_t neg_inf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int n = 0; n < N; n++) {
    const f32 *xn = x + (long)n * H * W * C;
    f32 *dxn = dx + (long)n * H * W * C;
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        const f32 *g = dy + (((long)n * OH + oy) * OW + ox) * C;
        long base = ((long)oy * FH * W + (long)ox * FW) * C;
        for (int c = 0; c < C; c += 4) {
          v128_t best = neg_inf;
          for (int r = 0; r < FH; r++)
            for (int s = 0; s < FW; s++) {
              v128_t v = wasm_v128_load(xn + base + ((long)r * W + s) * C + c);
              best = wasm_v128_bitselect(v, best, wasm_f32x4_gt(v, best));
            }
          /* Lanes whose window had an element > -inf route to the first element equal to the maximum. */
          v128_t pending = wasm_f32x4_gt(best, neg_inf);
          v128_t grad = wasm_v128_load(g + c);
          for (int r = 0; r < FH; r++)
            for (int s = 0; s < FW; s++) {
              long pos = base + ((long)r * W + s) * C + c;
              v128_t hit = wasm_v128_and(wasm_f32x4_eq(wasm_v128_load(xn + pos), best), pending);
              pending = wasm_v128_andnot(pending, hit);
              wasm_v128_store(dxn + pos, wasm_v128_bitselect(grad, zero, hit));
            }
        }
      }
    }
  }
}

/* The 2x2 stride-2 case of maxpool_grad_tiled with the four window pointers hoisted (the common CNN pooling). */
static void maxpool_grad_2x2(const f32 *x, const f32 *dy, f32 *dx, int N, int H, int W, int C, int OH, int OW) {
  if (OH * 2 != H || OW * 2 != W) zero_floats(dx, N * H * W * C);
  const v128_t neg_inf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t zero = wasm_f32x4_splat(0.0f);
  long row = (long)W * C;
  for (int n = 0; n < N; n++) {
    for (int oy = 0; oy < OH; oy++) {
      for (int ox = 0; ox < OW; ox++) {
        long base = (long)n * H * W * C + (long)oy * 2 * row + (long)ox * 2 * C;
        const f32 *x00 = x + base, *x01 = x00 + C, *x10 = x00 + row, *x11 = x10 + C;
        f32 *d00 = dx + base, *d01 = d00 + C, *d10 = d00 + row, *d11 = d10 + C;
        const f32 *g = dy + (((long)n * OH + oy) * OW + ox) * C;
        for (int c = 0; c < C; c += 4) {
          v128_t v00 = wasm_v128_load(x00 + c), v01 = wasm_v128_load(x01 + c);
          v128_t v10 = wasm_v128_load(x10 + c), v11 = wasm_v128_load(x11 + c);
          v128_t best = wasm_v128_bitselect(v00, neg_inf, wasm_f32x4_gt(v00, neg_inf));
          best = wasm_v128_bitselect(v01, best, wasm_f32x4_gt(v01, best));
          best = wasm_v128_bitselect(v10, best, wasm_f32x4_gt(v10, best));
          best = wasm_v128_bitselect(v11, best, wasm_f32x4_gt(v11, best));
          v128_t pending = wasm_f32x4_gt(best, neg_inf);
          v128_t grad = wasm_v128_load(g + c);
          v128_t hit = wasm_v128_and(wasm_f32x4_eq(v00, best), pending);
          pending = wasm_v128_andnot(pending, hit);
          wasm_v128_store(d00 + c, wasm_v128_bitselect(grad, zero, hit));
          hit = wasm_v128_and(wasm_f32x4_eq(v01, best), pending);
          pending = wasm_v128_andnot(pending, hit);
          wasm_v128_store(d01 + c, wasm_v128_bitselect(grad, zero, hit));
          hit = wasm_v128_and(wasm_f32x4_eq(v10, best), pending);
          pending = wasm_v128_andnot(pending, hit);
          wasm_v128_store(d10 + c, wasm_v128_bitselect(grad, zero, hit));
          hit = wasm_v128_and(wasm_f32x4_eq(v11, best), pending);
          wasm_v128_store(d11 + c, wasm_v128_bitselect(grad, zero, hit));
        }
      }
    }
  }
}

/* Returns the path taken (the loader records it): 0 general, 1 tiled (non-overlapping windows), 2 tiled 2x2. */
EXPORT(dk_maxpool_grad)
int dk_maxpool_grad(const f32 *x, const f32 *dy, f32 *dx, int N, int H, int W, int C, int OH, int OW, int FH, int FW,
                    int sh, int sw, int dh, int dwd, int top, int left) {
  /* Pooling gradients have no dilation in tfjs (MaxPoolGrad has no dilations attribute: dh = dwd = 1). */
  if (sh == FH && sw == FW && top == 0 && left == 0 && (C & 3) == 0 && OH * FH <= H && OW * FW <= W) {
    if (FH == 2 && FW == 2) {
      maxpool_grad_2x2(x, dy, dx, N, H, W, C, OH, OW);
      return 2;
    }
    maxpool_grad_tiled(x, dy, dx, N, H, W, C, OH, OW, FH, FW);
    return 1;
  }
  maxpool_grad_general(x, dy, dx, N, H, W, C, OH, OW, FH, FW, sh, sw, dh, dwd, top, left);
  return 0;
}

/* out[c] = sum_r x[r*ld + c] for c < cols: reduction over the leading axes of a row-major tensor whose rows are
 * ld floats apart (ld = cols for the whole tensor; a block of columns [c0, c0 + cols) passes x + c0 and the full
 * row length, which is how the kernel pool splits the reduction by channel blocks). Columns are summed in blocks
 * of 32 kept in registers over all rows. */
EXPORT(dk_sum_rows) void dk_sum_rows(const f32 *x, int rows, int cols, int ld, f32 *out) {
  int c = 0;
  for (; c + 32 <= cols; c += 32) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
    const f32 *p = x + c;
    for (int r = 0; r < rows; r++, p += ld) {
      s0 = wasm_f32x4_add(s0, wasm_v128_load(p));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(p + 4));
      s2 = wasm_f32x4_add(s2, wasm_v128_load(p + 8));
      s3 = wasm_f32x4_add(s3, wasm_v128_load(p + 12));
      s4 = wasm_f32x4_add(s4, wasm_v128_load(p + 16));
      s5 = wasm_f32x4_add(s5, wasm_v128_load(p + 20));
      s6 = wasm_f32x4_add(s6, wasm_v128_load(p + 24));
      s7 = wasm_f32x4_add(s7, wasm_v128_load(p + 28));
    }
    wasm_v128_store(out + c, s0);
    wasm_v128_store(out + c + 4, s1);
    wasm_v128_store(out + c + 8, s2);
    wasm_v128_store(out + c + 12, s3);
    wasm_v128_store(out + c + 16, s4);
    wasm_v128_store(out + c + 20, s5);
    wasm_v128_store(out + c + 24, s6);
    wasm_v128_store(out + c + 28, s7);
  }
  if (c == cols) return;
  /* Remaining columns (fewer than 32): accumulate into out row by row. */
  int rest = cols - c;
  zero_floats(out + c, rest);
  for (int r = 0; r < rows; r++) {
    const f32 *row = x + (long)r * ld + c;
    f32 *o = out + c;
    int j = 0;
    for (; j + 4 <= rest; j += 4) wasm_v128_store(o + j, wasm_f32x4_add(wasm_v128_load(o + j), wasm_v128_load(row + j)));
    for (; j < rest; j++) o[j] += row[j];
  }
}

/*
 * Gradient of FusedBatchNorm with per-channel statistics (x, dy: [rows x C]; mean, variance, scale: [C]),
 * treating mean and variance as inputs (as tfjs-core's gradient does). scale may be 0 (= ones).
 * Outputs: dx = dy*scale*invstd, dmean = -scale*invstd*sum(dy), dvar = -0.5*scale*invstd^3*sum(dy*(x-mean)),
 * dscale = invstd*sum(dy*(x-mean)), doffset = sum(dy), with invstd = 1/sqrt(variance + eps).
 * sums is scratch for C floats. Rows of x, dy and dx are ld floats apart (ld = C for the whole tensor; the kernel
 * pool passes a block of channels [c0, c0 + C) as pointers offset by c0 with ld = the full channel count).
 */
EXPORT(dk_batch_norm_grad)
void dk_batch_norm_grad(const f32 *x, const f32 *dy, const f32 *mean, const f32 *variance, const f32 *scale, f32 eps,
                        int rows, int C, int ld, f32 *dx, f32 *dmean, f32 *dvar, f32 *dscale, f32 *doffset, f32 *sums) {
  zero_floats(doffset, C);
  zero_floats(sums, C);
  int c4 = C & ~3;
  for (int r = 0; r < rows; r++) {
    const f32 *xr = x + (long)r * ld;
    const f32 *gr = dy + (long)r * ld;
    int c = 0;
    for (; c < c4; c += 4) {
      v128_t g = wasm_v128_load(gr + c);
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + c), wasm_v128_load(mean + c));
      wasm_v128_store(doffset + c, wasm_f32x4_add(wasm_v128_load(doffset + c), g));
      wasm_v128_store(sums + c, wasm_f32x4_add(wasm_v128_load(sums + c), wasm_f32x4_mul(g, d)));
    }
    for (; c < C; c++) {
      doffset[c] += gr[c];
      sums[c] += gr[c] * (xr[c] - mean[c]);
    }
  }
  for (int c = 0; c < C; c++) {
    f32 invstd = 1.0f / __builtin_sqrtf(variance[c] + eps);
    f32 s = scale ? scale[c] : 1.0f;
    dmean[c] = -s * invstd * doffset[c];
    dvar[c] = -0.5f * s * invstd * invstd * invstd * sums[c];
    dscale[c] = invstd * sums[c];
    sums[c] = s * invstd; /* reused below as the dx factor */
  }
  for (int r = 0; r < rows; r++) {
    const f32 *gr = dy + (long)r * ld;
    f32 *out = dx + (long)r * ld;
    int c = 0;
    for (; c < c4; c += 4) wasm_v128_store(out + c, wasm_f32x4_mul(wasm_v128_load(gr + c), wasm_v128_load(sums + c)));
    for (; c < C; c++) out[c] = gr[c] * sums[c];
  }
}

/*
 * FusedBatchNorm (inference formula, used in training with batch statistics): x, y: [rows x C];
 * mean, variance, offset, scale: [C] (offset/scale may be 0 = zeros/ones).
 * y = (x - mean) * (scale / sqrt(variance + eps)) + offset. factors is scratch for C floats.
 */
EXPORT(dk_batch_norm)
void dk_batch_norm(const f32 *x, const f32 *mean, const f32 *variance, const f32 *offset, const f32 *scale, f32 eps,
                   int rows, int C, f32 *y, f32 *factors, f32 *shifts) {
  for (int c = 0; c < C; c++) {
    factors[c] = (scale ? scale[c] : 1.0f) / __builtin_sqrtf(variance[c] + eps);
    shifts[c] = offset ? offset[c] : 0.0f;
  }
  int c4 = C & ~3;
  for (int r = 0; r < rows; r++) {
    const f32 *xr = x + (long)r * C;
    f32 *yr = y + (long)r * C;
    int c = 0;
    for (; c < c4; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + c), wasm_v128_load(mean + c));
      wasm_v128_store(yr + c, wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(factors + c)), wasm_v128_load(shifts + c)));
    }
    for (; c < C; c++) yr[c] = (xr[c] - mean[c]) * factors[c] + shifts[c];
  }
}


/* Copies block [0, size) of dst to [size, reps*size) (memory.copy). */
static void replicate(f32 *dst, long size, int reps) {
  for (int r = 1; r < reps; r++) __builtin_memcpy(dst + r * size, dst, (unsigned long)size * sizeof(f32));
}

static void tile_rec(const unsigned *src, unsigned *dst, const int *xshape, const int *reps, const long *xinner,
                     const long *oinner, int d, int rank) {
  if (d == rank - 1) {
    __builtin_memcpy(dst, src, (unsigned long)xshape[d] * sizeof(unsigned));
  } else {
    for (int i = 0; i < xshape[d]; i++)
      tile_rec(src + i * xinner[d], dst + i * oinner[d], xshape, reps, xinner, oinner, d + 1, rank);
  }
  replicate((f32 *)dst, (long)xshape[d] * oinner[d], reps[d]);
}

/*
 * Tile of 4-byte elements: out has shape xshape[d]*reps[d]. meta holds rank ints of xshape then rank ints of
 * reps; work holds 2*rank longs.
 */
EXPORT(dk_tile) void dk_tile(const unsigned *x, unsigned *out, const int *meta, int rank, long *work) {
  const int *xshape = meta;
  const int *reps = meta + rank;
  long *xinner = work;
  long *oinner = work + rank;
  long xi = 1, oi = 1;
  for (int d = rank - 1; d >= 0; d--) {
    xinner[d] = xi;
    oinner[d] = oi;
    xi *= xshape[d];
    oi *= (long)xshape[d] * reps[d];
  }
  if (xi == 0 || oi == 0) return;
  tile_rec(x, out, xshape, reps, xinner, oinner, 0, rank);
}

/* ReLU gradient: dx = dy * step(x) with step(x) = 1 for x > 0, NaN for NaN, else 0 (tfjs-core's formula). */
EXPORT(dk_relu_grad) void dk_relu_grad(const f32 *x, const f32 *dy, f32 *dx, int n) {
  const v128_t one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    v128_t step = wasm_v128_bitselect(one, zero, wasm_f32x4_gt(v, zero));
    step = wasm_v128_bitselect(v, step, wasm_f32x4_ne(v, v));
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), step));
  }
  for (; i < n; i++) {
    f32 v = x[i];
    f32 step = v != v ? v : (v > 0.0f ? 1.0f : 0.0f);
    dx[i] = dy[i] * step;
  }
}

/*
 * Conv2D forward, NHWC, any stride/dilation/padding: y = im2col(x) * W (+ bias) (then ReLU when relu != 0).
 * bias may be 0. A 1x1 stride-1 unpadded convolution multiplies x directly. Returns the path taken: 0 im2col,
 * 1 direct.
 */
EXPORT(dk_conv2d)
int dk_conv2d(const f32 *x, const f32 *w, const f32 *bias, f32 *y, int N, int H, int W, int C, int OH, int OW, int CO,
               int FH, int FW, int sh, int sw, int dh, int dwd, int top, int left, int relu, f32 *scratch, f32 *cols) {
  int K = FH * FW * C;
  int P = N * OH * OW;
  /* 1x1, stride 1, no padding: then OH == H and OW == W, and im2col would copy x unchanged. */
  int direct = FH == 1 && FW == 1 && sh == 1 && sw == 1 && top == 0 && left == 0;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  int c4 = CO & ~3;
  for (int p0 = 0; p0 < P; p0 += PC) {
    int pc = min_int(PC, P - p0);
    const f32 *a = x + (long)p0 * C;
    if (!direct) {
      im2col(x, cols, p0, pc, H, W, C, OH, OW, FH, FW, sh, sw, dh, dwd, top, left);
      a = cols;
    }
    f32 *out = y + (long)p0 * CO;
    dk_gemm(pc, CO, K, a, K, 1, w, CO, 1, out, CO, 0, scratch);
    if (!bias && !relu) continue;
    for (int p = 0; p < pc; p++) {
      f32 *row = out + (long)p * CO;
      int c = 0;
      for (; c < c4; c += 4) {
        v128_t v = wasm_v128_load(row + c);
        if (bias) v = wasm_f32x4_add(v, wasm_v128_load(bias + c));
        if (relu) v = wasm_f32x4_max(v, zero);
        wasm_v128_store(row + c, v);
      }
      for (; c < CO; c++) {
        f32 v = row[c] + (bias ? bias[c] : 0.0f);
        row[c] = relu ? (v > 0.0f ? v : 0.0f) : v;
      }
    }
  }
  return direct;
}

/* Square gradient: dx = dy * (x * 2), tfjs-core's formula and rounding, in one pass. */
EXPORT(dk_square_grad) void dk_square_grad(const f32 *x, const f32 *dy, f32 *dx, int n) {
  const v128_t two = wasm_f32x4_splat(2.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), wasm_f32x4_mul(wasm_v128_load(x + i), two)));
  for (; i < n; i++) dx[i] = dy[i] * (x[i] * 2.0f);
}

/*
 * AvgPoolGrad, NHWC: dx[p] = (sum of dy over the windows containing p) * multiplier, with multiplier =
 * 1 / (FH * FW) as in tfjs (padding counts in the window size). Windows are visited in row-major order, so each
 * dx element sums its windows in the same order as the tfjs cpu backend.
 */
/* Returns the path taken: 0 general (overlapping or padded windows), 1 tiled (non-overlapping windows). */
EXPORT(dk_avgpool_grad)
int dk_avgpool_grad(const f32 *dy, f32 *dx, int N, int H, int W, int C, int OH, int OW, int FH, int FW, int sh, int sw,
                     int top, int left, f32 multiplier) {
  const v128_t m = wasm_f32x4_splat(multiplier);
  if (sh == FH && sw == FW && top == 0 && left == 0 && (C & 3) == 0 && OH * FH <= H && OW * FW <= W) {
    /* Non-overlapping windows: every covered position gets its window's dy once. */
    if (OH * FH != H || OW * FW != W) zero_floats(dx, N * H * W * C);
    for (int n = 0; n < N; n++)
      for (int oy = 0; oy < OH; oy++)
        for (int ox = 0; ox < OW; ox++) {
          const f32 *g = dy + (((long)n * OH + oy) * OW + ox) * C;
          for (int r = 0; r < FH; r++)
            for (int s = 0; s < FW; s++) {
              f32 *d = dx + (((long)n * H + oy * FH + r) * W + ox * FW + s) * C;
              for (int c = 0; c < C; c += 4) wasm_v128_store(d + c, wasm_f32x4_mul(wasm_v128_load(g + c), m));
            }
        }
    return 1;
  }
  zero_floats(dx, N * H * W * C);
  for (int n = 0; n < N; n++)
    for (int oy = 0; oy < OH; oy++)
      for (int ox = 0; ox < OW; ox++) {
        const f32 *g = dy + (((long)n * OH + oy) * OW + ox) * C;
        for (int r = 0; r < FH; r++) {
          int iy = oy * sh - top + r;
          if (iy < 0 || iy >= H) continue;
          for (int s = 0; s < FW; s++) {
            int ix = ox * sw - left + s;
            if (ix < 0 || ix >= W) continue;
            f32 *d = dx + (((long)n * H + iy) * W + ix) * C;
            int c = 0;
            for (; c + 4 <= C; c += 4) wasm_v128_store(d + c, wasm_f32x4_add(wasm_v128_load(d + c), wasm_v128_load(g + c)));
            for (; c < C; c++) d[c] += g[c];
          }
        }
      }
  long total = (long)N * H * W * C;
  long i = 0;
  for (; i + 4 <= total; i += 4) wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dx + i), m));
  for (; i < total; i++) dx[i] *= multiplier;
  return 0;
}

/*
 * Binary op with one operand broadcast along the leading axes: out[r, c] = full[r, c] OP row[c] (row_left = 0)
 * or row[c] OP full[r, c] (row_left = 1). op: 0 add, 1 subtract, 2 multiply, 3 divide.
 */
EXPORT(dk_binary_row_broadcast)
void dk_binary_row_broadcast(int op, const f32 *full, const f32 *row, f32 *out, int rows, int cols, int row_left) {
  int c4 = cols & ~3;
  for (int r = 0; r < rows; r++) {
    const f32 *a = full + (long)r * cols;
    f32 *o = out + (long)r * cols;
    int c = 0;
    for (; c < c4; c += 4) {
      v128_t x = wasm_v128_load(a + c), y = wasm_v128_load(row + c);
      if (row_left) {
        v128_t t = x;
        x = y;
        y = t;
      }
      v128_t v;
      switch (op) {
        case 0: v = wasm_f32x4_add(x, y); break;
        case 1: v = wasm_f32x4_sub(x, y); break;
        case 2: v = wasm_f32x4_mul(x, y); break;
        default: v = wasm_f32x4_div(x, y); break;
      }
      wasm_v128_store(o + c, v);
    }
    for (; c < cols; c++) {
      f32 x = a[c], y = row[c];
      if (row_left) {
        f32 t = x;
        x = y;
        y = t;
      }
      o[c] = op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y;
    }
  }
}

/*
 * One Adam step for one variable, tfjs's AdamOptimizer formula with its float32 rounding order:
 *   m' = m * beta1 + g * one_minus_beta1          v' = v * beta2 + (g * g) * one_minus_beta2
 *   value' = ((m' / (1 - acc_beta1)) / (sqrt(v' / (1 - acc_beta2)) + eps)) * neg_lr + value
 * acc: [acc_beta1, acc_beta2] (tfjs's accBeta1/accBeta2 variables). Outputs go to new buffers (value_out, m_out,
 * v_out), so tensors sharing the inputs' data are untouched.
 */
EXPORT(dk_adam_update)
void dk_adam_update(const f32 *value, const f32 *m, const f32 *v, const f32 *g, const f32 *acc, int n, f32 beta1,
                    f32 one_minus_beta1, f32 beta2, f32 one_minus_beta2, f32 eps, f32 neg_lr, f32 *value_out, f32 *m_out,
                    f32 *v_out) {
  const f32 c1 = 1.0f - acc[0], c2 = 1.0f - acc[1];
  const v128_t b1 = wasm_f32x4_splat(beta1), ob1 = wasm_f32x4_splat(one_minus_beta1);
  const v128_t b2 = wasm_f32x4_splat(beta2), ob2 = wasm_f32x4_splat(one_minus_beta2);
  const v128_t vc1 = wasm_f32x4_splat(c1), vc2 = wasm_f32x4_splat(c2);
  const v128_t veps = wasm_f32x4_splat(eps), vlr = wasm_f32x4_splat(neg_lr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gi, ob1));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), ob2));
    v128_t step = wasm_f32x4_div(wasm_f32x4_div(mi, vc1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vi, vc2)), veps));
    wasm_v128_store(value_out + i, wasm_f32x4_add(wasm_f32x4_mul(step, vlr), wasm_v128_load(value + i)));
    wasm_v128_store(m_out + i, mi);
    wasm_v128_store(v_out + i, vi);
  }
  for (; i < n; i++) {
    f32 mi = m[i] * beta1 + g[i] * one_minus_beta1;
    f32 vi = v[i] * beta2 + (g[i] * g[i]) * one_minus_beta2;
    value_out[i] = ((mi / c1) / (__builtin_sqrtf(vi / c2) + eps)) * neg_lr + value[i];
    m_out[i] = mi;
    v_out[i] = vi;
  }
}

/*
 * Winograd F(2x2, 3x3) for 3x3 stride-1 undilated convolutions, NHWC (Lavin & Gray 2015, "Fast Algorithms for
 * Convolutional Neural Networks"). Each 2x2 block of output pixels (a tile) is computed from a 4x4 block of input
 * pixels d as Y = A^T [ (G g G^T) (.) (B^T d B) ] A, summed over input channels: 16 multiplies per tile and channel
 * pair instead of 36. The sum over input channels of the element-wise products is, for each of the 16 positions
 * xi of the 4x4 transformed tile, one matrix product M_xi[tiles x N] = V_xi[tiles x K] * U_xi[K x N], run with the
 * GEMM micro-kernel above on operands written directly in its packed layouts (A: MR-row panels, B: NR-column
 * panels, k-major), K rounded up to 4 and N to NR with zeros.
 *
 *   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]   G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
 *   A^T = [1 1 1 0; 0 1 -1 -1]
 *
 * The same entry computes Conv2DBackpropInput of a 3x3 stride-1 convolution, which is the correlation of dy with
 * the filter rotated by 180 degrees and its channel axes swapped (dk_winograd_filter's flip), padded by 2 - pad.
 */
#define WTILES 64 /* tiles per chunk: a multiple of MR */

static int round_up(int v, int m) { return (v + m - 1) / m * m; }

/* Floats of the transformed filter: 16 packed K x N matrices. */
EXPORT(dk_winograd_filter_floats) int dk_winograd_filter_floats(int K, int N) { return 16 * round_up(K, MR) * round_up(N, NR); }

/* Floats of one thread's Winograd scratch: transformed input and output tiles of one chunk, and an edge tile. */
EXPORT(dk_winograd_work_floats) int dk_winograd_work_floats(int K, int N) {
  return 16 * WTILES * (round_up(K, MR) + round_up(N, NR)) + MR * NR;
}

/* One row of u = t G^T from the row (t0, t1, t2) of t: u = (t0, (t0 + t1 + t2) / 2, (t0 - t1 + t2) / 2, t2). */
static void filter_row(f32 *dst, long stride, f32 t0, f32 t1, f32 t2) {
  dst[0] = t0;
  dst[stride] = 0.5f * (t0 + t1 + t2);
  dst[2 * stride] = 0.5f * (t0 - t1 + t2);
  dst[3 * stride] = t2;
}

/*
 * U_xi = G g G^T for every (k, n), written as 16 packed-B matrices [Kp x Np] (NR-column panels, k-major).
 * w is a tfjs filter [3, 3, inC, outC]. flip = 0 (forward): k = input channel, n = output channel, g(r, s) =
 * w[r, s, k, n] (K = inC, N = outC). flip = 1 (input gradient): k = output channel, n = input channel,
 * g(r, s) = w[2 - r, 2 - s, n, k] (K = outC, N = inC).
 */
EXPORT(dk_winograd_filter) void dk_winograd_filter(const f32 *w, int K, int N, int flip, f32 *U) {
  int Kp = round_up(K, MR), Np = round_up(N, NR);
  zero_floats(U, 16 * Kp * Np);
  long taps = (long)K * N; /* floats between filter taps */
  long stride = (long)Kp * Np;  /* floats between the 16 matrices */
  for (int k = 0; k < K; k++) {
    for (int n = 0; n < N; n++) {
      /* g(r, s) = g[(r * 3 + s) * step]: the taps of this (k, n) pair, in reverse order for flip. */
      const f32 *g = flip ? w + 8 * taps + (long)n * K + k : w + (long)k * N + n;
      long step = flip ? -taps : taps;
      f32 g00 = g[0], g01 = g[step], g02 = g[2 * step];
      f32 g10 = g[3 * step], g11 = g[4 * step], g12 = g[5 * step];
      f32 g20 = g[6 * step], g21 = g[7 * step], g22 = g[8 * step];
      f32 *dst = U + (long)(n / NR) * Kp * NR + (long)k * NR + n % NR;
      /* Rows of t = G g, each turned into a row of u = t G^T. */
      filter_row(dst, stride, g00, g01, g02);
      filter_row(dst + 4 * stride, stride, 0.5f * (g00 + g10 + g20), 0.5f * (g01 + g11 + g21), 0.5f * (g02 + g12 + g22));
      filter_row(dst + 8 * stride, stride, 0.5f * (g00 - g10 + g20), 0.5f * (g01 - g11 + g21), 0.5f * (g02 - g12 + g22));
      filter_row(dst + 12 * stride, stride, g20, g21, g22);
    }
  }
}

/* Four channels [c, c + 4) of pixel (iy, ix), zeros outside the image and past channel C. */
static v128_t load_pixel(const f32 *xn, int iy, int ix, int H, int W, int C, int c) {
  if (iy < 0 || iy >= H || ix < 0 || ix >= W) return wasm_f32x4_splat(0.0f);
  const f32 *p = xn + ((long)iy * W + ix) * C + c;
  if (c + 4 <= C) return wasm_v128_load(p);
  int rest = C - c;
  return wasm_f32x4_make(p[0], rest > 1 ? p[1] : 0.0f, rest > 2 ? p[2] : 0.0f, 0.0f);
}

/* Writes lanes [0, count) of v (count >= 4: all four). */
static void store_lanes(f32 *p, v128_t v, int count) {
  if (count >= 4) {
    wasm_v128_store(p, v);
    return;
  }
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (count > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (count > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

/* Stores the four lanes of v at p[0], p[4], p[8], p[12] (one column of a packed-A panel). */
static void store_panel_column(f32 *p, v128_t v) {
  wasm_v128_store32_lane(p, v, 0);
  wasm_v128_store32_lane(p + 4, v, 1);
  wasm_v128_store32_lane(p + 8, v, 2);
  wasm_v128_store32_lane(p + 12, v, 3);
}

/*
 * Y[N, OH, OW, CO] = the 3x3 stride-1 correlation of x[N, H, W, C] (zeros outside, top/left padding) with the
 * filter transformed by dk_winograd_filter(w, C, CO, ...) into U (+ bias, then ReLU when relu != 0; bias may be 0).
 * Output tiles are numbered over the whole batch and processed WTILES at a time: input transform into the packed
 * V, the 16 products into M, output transform. work holds dk_winograd_work_floats(C, CO) floats.
 */
EXPORT(dk_conv2d_winograd)
void dk_conv2d_winograd(const f32 *x, const f32 *U, const f32 *bias, f32 *y, int N, int H, int W, int C, int OH, int OW,
                        int CO, int top, int left, int relu, f32 *work) {
  int Kp = round_up(C, MR), Np = round_up(CO, NR);
  int tiles_x = (OW + 1) / 2, tiles = (OH + 1) / 2 * tiles_x;
  long total = (long)N * tiles;
  long vstride = (long)WTILES * Kp, mstride = (long)WTILES * Np; /* floats between the 16 matrices */
  f32 *V = work, *M = work + 16 * vstride, *edge = M + 16 * mstride;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (long t0 = 0; t0 < total; t0 += WTILES) {
    int tc = (int)(total - t0 < WTILES ? total - t0 : WTILES);
    /* Input transform: V_xi(i, c) = (B^T d B)_xi of tile t0 + i, in MR-row panels (row i % MR of panel i / MR). */
    for (int i = 0; i < tc; i++) {
      long tile = t0 + i;
      int n = (int)(tile / tiles), rest = (int)(tile % tiles);
      int iy0 = rest / tiles_x * 2 - top, ix0 = rest % tiles_x * 2 - left;
      const f32 *xn = x + (long)n * H * W * C;
      int inside = iy0 >= 0 && ix0 >= 0 && iy0 + 4 <= H && ix0 + 4 <= W;
      f32 *vp = V + (long)(i / MR) * Kp * MR + i % MR;
      for (int c = 0; c < Kp; c += 4) {
        v128_t d[16];
        if (inside && c + 4 <= C) {
          const f32 *p = xn + ((long)iy0 * W + ix0) * C + c;
          for (int r = 0; r < 4; r++)
            for (int s = 0; s < 4; s++) d[r * 4 + s] = wasm_v128_load(p + ((long)r * W + s) * C);
        } else {
          for (int r = 0; r < 4; r++)
            for (int s = 0; s < 4; s++) d[r * 4 + s] = load_pixel(xn, iy0 + r, ix0 + s, H, W, C, c);
        }
        v128_t t[16];
        for (int s = 0; s < 4; s++) { /* t = B^T d */
          t[s] = wasm_f32x4_sub(d[s], d[8 + s]);
          t[4 + s] = wasm_f32x4_add(d[4 + s], d[8 + s]);
          t[8 + s] = wasm_f32x4_sub(d[8 + s], d[4 + s]);
          t[12 + s] = wasm_f32x4_sub(d[4 + s], d[12 + s]);
        }
        f32 *col = vp + (long)c * MR;
        for (int r = 0; r < 4; r++) { /* v = t B */
          const v128_t *tr = t + r * 4;
          store_panel_column(col + (r * 4 + 0) * vstride, wasm_f32x4_sub(tr[0], tr[2]));
          store_panel_column(col + (r * 4 + 1) * vstride, wasm_f32x4_add(tr[1], tr[2]));
          store_panel_column(col + (r * 4 + 2) * vstride, wasm_f32x4_sub(tr[2], tr[1]));
          store_panel_column(col + (r * 4 + 3) * vstride, wasm_f32x4_sub(tr[1], tr[3]));
        }
      }
    }
    /* Rows of the last panel past tc are left as they are: each GEMM row only reaches its own row of M. */
    int tcp = round_up(tc, MR);
    for (int xi = 0; xi < 16; xi++) {
      const f32 *Vx = V + xi * vstride, *Ux = U + (long)xi * Kp * Np;
      f32 *Mx = M + xi * mstride;
      for (int j = 0; j < Np; j += NR)
        for (int i = 0; i < tcp; i += MR)
          micro_kernel(Kp, Vx + (long)i * Kp, Ux + (long)j * Kp, Mx + (long)i * Np + j, Np, MR, NR, 0, edge);
    }
    /* Output transform: Y = A^T m A (+ bias, ReLU), the parts of the tile inside the output. */
    for (int i = 0; i < tc; i++) {
      long tile = t0 + i;
      int n = (int)(tile / tiles), rest = (int)(tile % tiles);
      int oy = rest / tiles_x * 2, ox = rest % tiles_x * 2;
      int rows = OH - oy < 2 ? 1 : 2, cols = OW - ox < 2 ? 1 : 2;
      f32 *yp = y + (((long)n * OH + oy) * OW + ox) * CO;
      const f32 *mp = M + (long)i * Np;
      for (int c = 0; c < CO; c += 4) {
        v128_t m[16], a[8];
        for (int xi = 0; xi < 16; xi++) m[xi] = wasm_v128_load(mp + xi * mstride + c);
        for (int s = 0; s < 4; s++) { /* a = A^T m (2 x 4) */
          a[s] = wasm_f32x4_add(wasm_f32x4_add(m[s], m[4 + s]), m[8 + s]);
          a[4 + s] = wasm_f32x4_sub(wasm_f32x4_sub(m[4 + s], m[8 + s]), m[12 + s]);
        }
        int lanes = CO - c;
        v128_t b = zero;
        if (bias) b = lanes >= 4 ? wasm_v128_load(bias + c) : load_pixel(bias, 0, 0, 1, 1, CO, c);
        /* Y = a A: row r is (a_r0 + a_r1 + a_r2, a_r1 - a_r2 - a_r3). */
        v128_t y00 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(a[0], a[1]), a[2]), b);
        v128_t y01 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(a[1], a[2]), a[3]), b);
        v128_t y10 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(a[4], a[5]), a[6]), b);
        v128_t y11 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(a[5], a[6]), a[7]), b);
        if (relu) {
          y00 = wasm_f32x4_max(y00, zero);
          y01 = wasm_f32x4_max(y01, zero);
          y10 = wasm_f32x4_max(y10, zero);
          y11 = wasm_f32x4_max(y11, zero);
        }
        f32 *row0 = yp + c, *row1 = yp + (long)OW * CO + c;
        store_lanes(row0, y00, lanes);
        if (cols > 1) store_lanes(row0 + CO, y01, lanes);
        if (rows > 1) store_lanes(row1, y10, lanes);
        if (rows > 1 && cols > 1) store_lanes(row1 + CO, y11, lanes);
      }
    }
  }
}
