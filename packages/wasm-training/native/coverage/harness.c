/*
 * Native driver of native/kernels.c for branch coverage (see src/native/native-coverage.test.ts): the SAME source,
 * compiled for the host with clang's coverage instrumentation and the portable <wasm_simd128.h> of include/. Reads
 * one call per line from stdin — `<entry point> <integer arguments...>` as the test writes them from the kernel
 * test cases, pointers replaced by buffers this harness allocates and fills with seeded values — and calls the
 * entry point. A `mode` argument shapes the data: 0 uniform [-1, 1), 1 quantised to halves (ties), 2 with -inf,
 * NaN and whole windows of -inf, 3 with zeros and NaN (also in the last elements, past the SIMD loop).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels.c"

static unsigned rng_state = 1;
static float uniform(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return (float)((rng_state >> 8) & 0xffffff) / 16777216.0f * 2.0f - 1.0f;
}

static float *buffer(long n, int mode) {
  float *p = aligned_alloc(16, (size_t)((n + 8) * 4 + 15) / 16 * 16);
  for (long i = 0; i < n + 8; i++) {
    float v = uniform();
    if (mode == 1) v = roundf(v * 2.0f) / 2.0f;
    if (mode == 2 && i % 5 == 0) v = -INFINITY;
    if (mode == 2 && i % 7 == 3) v = NAN;
    if (mode == 3 && i % 3 == 0) v = 0.0f;
    if (mode == 3 && i % 11 == 1) v = NAN;
    p[i] = v;
  }
  if (mode == 2) for (long i = 0; i < n && i < 16; i++) p[i] = -INFINITY;
  if (mode == 3 && n >= 2) p[n - 1] = NAN, p[n - 2] = 0.0f; /* the scalar tail too */
  return p;
}

static float *scratch_gemm(void) { return aligned_alloc(16, (size_t)dk_gemm_scratch_floats() * 4 + 64); }

#define MAX_ARGS 32

int main(void) {
  char name[64];
  float *gemm_scratch = scratch_gemm();
  while (scanf("%63s", name) == 1) {
    long a[MAX_ARGS];
    int n = 0;
    int c;
    while ((c = getchar()) != '\n' && c != EOF) {
      ungetc(c, stdin);
      if (scanf("%ld", &a[n]) != 1) break;
      if (++n == MAX_ARGS) break;
    }
    rng_state = 1;
    if (!strcmp(name, "gemm")) { /* M N K transA transB accumulate */
      long M = a[0], N = a[1], K = a[2];
      float *A = buffer(M * K, 0), *B = buffer(K * N, 0), *C = buffer(M * N, 0);
      dk_gemm(M, N, K, A, a[3] ? 1 : K, a[3] ? M : 1, B, a[4] ? 1 : N, a[4] ? K : 1, C, N, a[5], gemm_scratch);
      free(A), free(B), free(C);
    } else if (!strcmp(name, "conv") || !strcmp(name, "conv_bf") || !strcmp(name, "conv_bi")) {
      /* N H W C OH OW CO FH FW sh sw dh dw top left [bias relu] */
      long N = a[0], H = a[1], W = a[2], C = a[3], OH = a[4], OW = a[5], CO = a[6], FH = a[7], FW = a[8];
      long K = FH * FW * C;
      float *x = buffer(N * H * W * C, 0), *y = buffer(N * OH * OW * CO, 0), *w = buffer(K * CO, 0);
      float *cols = buffer(dk_conv_cols_floats(K), 0), *bias = buffer(CO, 0);
      if (!strcmp(name, "conv"))
        dk_conv2d(x, w, a[15] ? bias : 0, y, N, H, W, C, OH, OW, CO, FH, FW, a[9], a[10], a[11], a[12], a[13], a[14], a[16],
                  gemm_scratch, cols);
      else if (!strcmp(name, "conv_bf"))
        dk_conv2d_backprop_filter(x, y, w, N, H, W, C, OH, OW, CO, FH, FW, a[9], a[10], a[11], a[12], a[13], a[14],
                                  gemm_scratch, cols);
      else
        dk_conv2d_backprop_input(y, w, x, N, H, W, C, OH, OW, CO, FH, FW, a[9], a[10], a[11], a[12], a[13], a[14],
                                 gemm_scratch, cols);
      /* 3x3 stride-1 undilated: the Winograd entry points as the kernels call them (whatever the channel
       * thresholds, which only choose between two correct paths): the forward with the same bias / ReLU, and the
       * input gradient as the correlation of dy with the rotated filter, padded by 2 - pad. */
      if (FH == 3 && FW == 3 && a[9] == 1 && a[10] == 1 && a[11] == 1 && a[12] == 1 && strcmp(name, "conv_bf")) {
        int forward = !strcmp(name, "conv");
        long K = forward ? C : CO, Nn = forward ? CO : C;
        float *U = buffer(dk_winograd_filter_floats(K, Nn), 0), *work = buffer(dk_winograd_work_floats(K, Nn), 0);
        dk_winograd_filter(w, K, Nn, !forward, U);
        if (forward)
          dk_conv2d_winograd(x, U, a[15] ? bias : 0, y, N, H, W, C, OH, OW, CO, a[13], a[14], a[16], work);
        else
          dk_conv2d_winograd(y, U, 0, x, N, OH, OW, CO, H, W, C, 2 - a[13], 2 - a[14], 0, work);
        free(U), free(work);
      }
      free(x), free(y), free(w), free(cols), free(bias);
    } else if (!strcmp(name, "maxpool")) { /* mode N H W C OH OW FH FW sh sw dh dw top left */
      long N = a[1], H = a[2], W = a[3], C = a[4], OH = a[5], OW = a[6];
      float *x = buffer(N * H * W * C, (int)a[0]), *dy = buffer(N * OH * OW * C, 0), *dx = buffer(N * H * W * C, 0);
      dk_maxpool_grad(x, dy, dx, N, H, W, C, OH, OW, a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14]);
      free(x), free(dy), free(dx);
    } else if (!strcmp(name, "avgpool")) { /* N H W C OH OW FH FW sh sw top left */
      long N = a[0], H = a[1], W = a[2], C = a[3], OH = a[4], OW = a[5];
      float *dy = buffer(N * OH * OW * C, 0), *dx = buffer(N * H * W * C, 0);
      dk_avgpool_grad(dy, dx, N, H, W, C, OH, OW, a[6], a[7], a[8], a[9], a[10], a[11], 1.0f / (float)(a[6] * a[7]));
      free(dy), free(dx);
    } else if (!strcmp(name, "sum_rows")) { /* rows cols */
      float *x = buffer(a[0] * a[1], 0), *out = buffer(a[1], 0);
      dk_sum_rows(x, a[0], a[1], a[1], out);
      free(x), free(out);
    } else if (!strcmp(name, "batch_norm_grad") || !strcmp(name, "batch_norm")) { /* rows C hasScale hasOffset */
      long rows = a[0], C = a[1];
      float *x = buffer(rows * C, 0), *dy = buffer(rows * C, 0), *mean = buffer(C, 0), *var = buffer(C, 0);
      for (long i = 0; i < C; i++) var[i] = var[i] * var[i] + 0.1f;
      float *scale = buffer(C, 0), *offset = buffer(C, 0), *o[5], *sums = buffer(2 * C, 0);
      for (int i = 0; i < 5; i++) o[i] = buffer(rows * C, 0);
      if (!strcmp(name, "batch_norm_grad"))
        dk_batch_norm_grad(x, dy, mean, var, a[2] ? scale : 0, 1e-3f, rows, C, C, o[0], o[1], o[2], o[3], o[4], sums);
      else
        dk_batch_norm(x, mean, var, a[3] ? offset : 0, a[2] ? scale : 0, 1e-3f, rows, C, o[0], sums, sums + C);
      free(x), free(dy), free(mean), free(var), free(scale), free(offset), free(sums);
      for (int i = 0; i < 5; i++) free(o[i]);
    } else if (!strcmp(name, "tile")) { /* rank shape... reps... */
      int rank = (int)a[0], meta[16];
      long xs = 1, os = 1, work[16];
      for (int d = 0; d < rank; d++) {
        meta[d] = (int)a[1 + d], meta[rank + d] = (int)a[1 + rank + d];
        xs *= meta[d], os *= (long)meta[d] * meta[rank + d];
      }
      float *x = buffer(xs, 0), *out = buffer(os, 0);
      dk_tile((const unsigned *)x, (unsigned *)out, meta, rank, work);
      free(x), free(out);
    } else if (!strcmp(name, "relu_grad") || !strcmp(name, "square_grad")) { /* n mode */
      float *x = buffer(a[0], (int)a[1]), *dy = buffer(a[0], 0), *dx = buffer(a[0], 0);
      if (!strcmp(name, "relu_grad")) dk_relu_grad(x, dy, dx, a[0]);
      else dk_square_grad(x, dy, dx, a[0]);
      free(x), free(dy), free(dx);
    } else if (!strcmp(name, "adam")) { /* n */
      float *value = buffer(a[0], 0), *m = buffer(a[0], 0), *v = buffer(a[0], 0), *g = buffer(a[0], 0);
      float acc[2] = {0.9f, 0.999f}, *out = buffer(3 * a[0], 0);
      for (long i = 0; i < a[0]; i++) v[i] = v[i] * v[i];
      dk_adam_update(value, m, v, g, acc, a[0], 0.9f, 0.1f, 0.999f, 0.001f, 1e-7f, -0.01f, out, out + a[0], out + 2 * a[0]);
      free(value), free(m), free(v), free(g), free(out);
    } else if (!strcmp(name, "binary")) { /* op rows cols rowLeft */
      float *full = buffer(a[1] * a[2], 0), *row = buffer(a[2], 0), *out = buffer(a[1] * a[2], 0);
      dk_binary_row_broadcast((int)a[0], full, row, out, a[1], a[2], a[3]);
      free(full), free(row), free(out);
    } else {
      fprintf(stderr, "harness: unknown entry point %s\n", name);
      return 2;
    }
  }
  free(gemm_scratch);
  return 0;
}
