/**
 * `DigitkitAdamUpdate`: one Adam step for one variable in one SIMD pass of native/kernels.c — tfjs's AdamOptimizer
 * runs about ten kernels per variable (two Multiply and an Add per moment, Square, two RealDiv, Sqrt, Add, Multiply,
 * Add) with the same float32 rounding order. Run by optimizers/adam-update.ts.
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { pointerOf } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Name of the custom wasm kernel computing `[value', m', v']`. */
export const ADAM_UPDATE = 'DigitkitAdamUpdate';

/** Inputs: the variable's `value`, its moments `m` and `v`, the `gradient` (same shape, float32), `acc` `[2]`. */
export interface AdamUpdateInputs {
  value: TensorInfo;
  m: TensorInfo;
  v: TensorInfo;
  gradient: TensorInfo;
  /** `[accBeta1, accBeta2]`: beta1^t and beta2^t before this step's update of them. */
  acc: TensorInfo;
}

/** Attributes: the optimizer's settings as float32 scalars are formed by tfjs (`1 − beta` computed in float64 first). */
export interface AdamUpdateAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  epsilon: number;
  learningRate: number;
}

/** Kernel config: outputs `[value', m', v']`, each the shape of value. */
export const adamUpdateConfig = defineWasmKernel<AdamUpdateInputs, AdamUpdateAttrs, 'native'>({
  kernelName: ADAM_UPDATE,
  missing: false,
  paths: ['native'],
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    const { value, m, v, gradient, acc } = inputs;
    const native = nativeKernels(backend);
    if (native === null) {
      // The optimizer override checks nativeReadyOnCurrentBackend() first; only a direct runKernel gets here.
      throw new UnsupportedEnvironmentError({
        functionName: ADAM_UPDATE,
        expected: 'the SIMD kernels to be loaded',
        found: 'an engine that could not load them (see enableWasmTraining().native)',
      });
    }
    const outputs = [value, m, v].map(() => backend.makeOutput(value.shape, 'float32'));
    const n = value.shape.reduce((a, b) => a * b, 1);
    native.exports.dk_adam_update(
      pointerOf(backend, value), pointerOf(backend, m), pointerOf(backend, v), pointerOf(backend, gradient),
      pointerOf(backend, acc), n, attrs.beta1, attrs.oneMinusBeta1, attrs.beta2, attrs.oneMinusBeta2, attrs.epsilon,
      -attrs.learningRate, ...outputs.map((o) => pointerOf(backend, o)),
    );
    took('native');
    return outputs;
  },
});
