/**
 * A custom wasm kernel `{ x, dy } → dx` computing a unary op's gradient in one SIMD pass of native/kernels.c
 * (the gradient replacements of gradients/ run it instead of tfjs-core's chain of small kernels).
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels, type NativeExports } from '../native/native-module.js';
import type { PoolEntry } from '../threads/kernel-pool.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel, type WasmTrainingKernelConfig } from './define-wasm-kernel.js';

/** Native exports with the signature `(x, dy, dx, n)`. */
export type UnaryGradientExport = {
  [K in keyof NativeExports]: NativeExports[K] extends (x: number, dy: number, dx: number, n: number) => void ? K : never;
}[keyof NativeExports];

/** Inputs of a one-pass gradient kernel: `x` and `dy`, the same shape, float32. */
export interface OnePassGradientInputs {
  x: TensorInfo;
  dy: TensorInfo;
}

/** The kernel config of `kernelName`, running `nativeExport`. Output dx, the shape of x. */
export function defineOnePassGradientKernel(kernelName: string, nativeExport: Extract<UnaryGradientExport, PoolEntry>): WasmTrainingKernelConfig {
  return defineWasmKernel<OnePassGradientInputs, Record<string, never>, 'native' | 'native:threads'>({
    kernelName,
    missing: false,
    paths: ['native', 'native:threads'],
    kernelFunc: ({ inputs, backend, took }) => {
      const { x, dy } = inputs;
      const native = nativeKernels(backend);
      if (native === null) {
        // The gradient replacements check nativeReadyOnCurrentBackend() first; only a direct runKernel gets here.
        throw new UnsupportedEnvironmentError({
          functionName: kernelName,
          expected: 'the SIMD kernels to be loaded',
          found: 'an engine that could not load them (see enableWasmTraining().native)',
        });
      }
      const out = backend.makeOutput(x.shape, 'float32');
      const n = x.shape.reduce((a, b) => a * b, 1);
      const [px, pdy, pout] = [x, dy, out].map((t) => pointerOf(backend, t)) as [number, number, number];
      const { threaded } = runSplit(backend, native, nativeExport, { total: n, work: n, minimum: threadThresholds.minElements, align: 4 },
        (start, count) => [px + 4 * start, pdy + 4 * start, pout + 4 * start, count]);
      took(threaded ? 'native:threads' : 'native');
      return out;
    },
  });
}
