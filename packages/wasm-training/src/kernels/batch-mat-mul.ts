/**
 * Faster BatchMatMul for the wasm backend: every transpose combination goes through the SIMD GEMM of
 * native/kernels.c with strided operands (stock wasm leaves the XNNPACK path when an operand is transposed,
 * which is what dense-layer gradients do). Batch dimensions must be equal or one side of size 1; other
 * broadcasts, and non-float32 inputs, use the stock kernel.
 */
import { util, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { kernelPoolOf } from '../threads/kernel-pool.js';
import { splitRange } from '../threads/split-range.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Inputs of BatchMatMul: `a [..., m, k]` (`[..., k, m]` with transposeA) and `b`. */
export interface BatchMatMulInputs {
  a: TensorInfo;
  b: TensorInfo;
}

const PATHS = [
  'native', 'native:threads', 'stock:not-float32', 'stock:rank-below-2', 'stock:other-broadcast', 'stock:inner-mismatch', 'stock:no-native',
] as const;

/** Kernel config: output `[..., m, n]`. */
export const batchMatMulConfig = defineWasmKernel<BatchMatMulInputs, BatchMatMulAttrs, (typeof PATHS)[number]>({
  kernelName: 'BatchMatMul',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took, fallBack }) => {
    const { a, b } = inputs;
    const { transposeA, transposeB } = attrs;
    const aRank = a.shape.length;
    const bRank = b.shape.length;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallBack('stock:not-float32');
    if (aRank < 2 || bRank < 2) return fallBack('stock:rank-below-2');
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = util.sizeFromShape(outerA);
    const batchB = util.sizeFromShape(outerB);
    const m = transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
    const k = transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
    const kB = transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
    const n = transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
    const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
    let outOuter: number[];
    if (sameOuter) outOuter = outerA;
    else if (batchA === 1 && outerA.length <= outerB.length) outOuter = outerB;
    else if (batchB === 1 && outerB.length <= outerA.length) outOuter = outerA;
    else return fallBack('stock:other-broadcast');
    if (k !== kB) return fallBack('stock:inner-mismatch'); // the stock kernel reports the shape error
    const native = nativeKernels(backend);
    if (native === null) return fallBack('stock:no-native');
    const batch = Math.max(batchA, batchB);
    const out = backend.makeOutput([...outOuter, m, n], 'float32');
    const pa = pointerOf(backend, a);
    const pb = pointerOf(backend, b);
    const pc = pointerOf(backend, out);
    const rsA = transposeA ? 1 : k;
    const csA = transposeA ? m : 1;
    const rsB = transposeB ? 1 : n;
    const csB = transposeB ? k : 1;
    const pool = m * n * k >= threadThresholds.minMultiplyAdds ? kernelPoolOf(backend) : null;
    for (let i = 0; i < batch; i++) {
      const offA = batchA === 1 ? 0 : i * m * k * 4;
      const offB = batchB === 1 ? 0 : i * k * n * 4;
      const c = pc + i * m * n * 4;
      if (pool === null) {
        native.exports.dk_gemm(m, n, k, pa + offA, rsA, csA, pb + offB, rsB, csB, c, n, 0, native.gemmScratch());
        continue;
      }
      // Row blocks (whole 4-row tiles) when C is tall, else column blocks (whole 8-column tiles): each thread
      // computes its own block of C with the same K order, so the result is the single-threaded one bit for bit.
      const byRows = m >= n;
      const bounds = splitRange(byRows ? m : n, pool.threads, byRows ? 4 : 8);
      const parts = bounds.slice(0, -1).map((start, t) => {
        const count = bounds[t + 1]! - start;
        const scratch = pool.gemmScratch(native, t);
        return byRows
          ? [count, n, k, pa + offA + start * rsA * 4, rsA, csA, pb + offB, rsB, csB, c + start * n * 4, n, 0, scratch]
          : [m, count, k, pa + offA, rsA, csA, pb + offB + start * csB * 4, rsB, csB, c + start * 4, n, 0, scratch];
      });
      pool.run(native, 'dk_gemm', parts);
    }
    took(pool === null ? 'native' : 'native:threads');
    return out;
  },
});
