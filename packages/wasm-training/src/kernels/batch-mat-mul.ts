/**
 * Faster BatchMatMul for the wasm backend: every transpose combination goes through the SIMD GEMM of
 * native/kernels.c with strided operands (stock wasm leaves the XNNPACK path when an operand is transposed,
 * which is what dense-layer gradients do). Batch dimensions must be equal or one side of size 1; other
 * broadcasts, and non-float32 inputs, use the stock kernel.
 */
import { util, type BatchMatMulAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function fast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { inputs, attrs, backend } = args;
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  const fallback = () => {
    if (stock === undefined) throw new Error('BatchMatMul: no stock wasm kernel to fall back to');
    return stock(args as never);
  };
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || aRank < 2 || bRank < 2) return fallback();
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
  else return fallback();
  if (k !== kB) return fallback(); // the stock kernel reports the shape error
  const native = nativeKernels(backend);
  if (native === null) return fallback();
  const batch = Math.max(batchA, batchB);
  const out = backend.makeOutput([...outOuter, m, n], 'float32');
  const pa = pointerOf(backend, a);
  const pb = pointerOf(backend, b);
  const pc = pointerOf(backend, out);
  const rsA = transposeA ? 1 : k;
  const csA = transposeA ? m : 1;
  const rsB = transposeB ? 1 : n;
  const csB = transposeB ? k : 1;
  const scratch = native.gemmScratch();
  for (let i = 0; i < batch; i++) {
    const offA = batchA === 1 ? 0 : i * m * k * 4;
    const offB = batchB === 1 ? 0 : i * k * n * 4;
    native.exports.dk_gemm(m, n, k, pa + offA, rsA, csA, pb + offB, rsB, csB, pc + i * m * n * 4, n, 0, scratch);
  }
  return out;
}

/** Kernel entry: `inputs { a: [..., m, k] (or [..., k, m] with transposeA), b }`, output `[..., m, n]`. */
export const batchMatMulKernel: TrainingKernel = {
  kernelName: 'BatchMatMul',
  missing: false,
  fast,
};
