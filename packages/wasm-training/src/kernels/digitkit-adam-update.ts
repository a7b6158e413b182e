/**
 * `DigitkitAdamUpdate`: one Adam step for one variable in one SIMD pass of native/kernels.c — tfjs's AdamOptimizer
 * runs about ten kernels per variable (two Multiply and an Add per moment, Square, two RealDiv, Sqrt, Add, Multiply,
 * Add) with the same float32 rounding order. Run by optimizers/adam-update.ts.
 */
import { UnsupportedEnvironmentError } from '@digitkit/core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { runSplit } from '../threads/run-split.js';
import { threadThresholds } from '../threads/thread-thresholds.js';
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
export const adamUpdateConfig = defineWasmKernel<AdamUpdateInputs, AdamUpdateAttrs, 'native' | 'native:threads'>({
  kernelName: ADAM_UPDATE,
  missing: false,
  paths: ['native', 'native:threads'],
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
    const [pv, pm, pvv, pg] = [value, m, v, gradient].map((t) => pointerOf(backend, t)) as [number, number, number, number];
    const [ov, om, ovv] = outputs.map((o) => pointerOf(backend, o)) as [number, number, number];
    const pacc = pointerOf(backend, acc);
    const { threaded } = runSplit(backend, native, 'dk_adam_update', { total: n, work: n, minimum: threadThresholds.minElements, align: 4 },
      (start, count) => {
        const at = (pointer: number) => pointer + 4 * start;
        return [
          at(pv), at(pm), at(pvv), at(pg), pacc, count, attrs.beta1, attrs.oneMinusBeta1, attrs.beta2, attrs.oneMinusBeta2,
          attrs.epsilon, -attrs.learningRate, at(ov), at(om), at(ovv),
        ];
      });
    took(threaded ? 'native:threads' : 'native');
    return outputs;
  },
});
