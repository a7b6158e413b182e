/**
 * The Adam update replacement: on wasm, `tf.train.adam`'s `applyGradients` (also what tfjs-layers' `'adam'` uses)
 * runs one custom kernel per variable (`DigitkitAdamUpdate`) instead of about ten, with the same float32 formula
 * and rounding order. Optimizers are not per backend in tfjs, so the replacement — installed on
 * `AdamOptimizer.prototype` by `enableWasmTraining()`, removed by `enableWasmTraining({ fast: false })` — calls
 * tfjs-core's own `applyGradients` on any other backend, for non-float32 variables, or when the SIMD module is
 * missing. Checkpoints are unchanged: the moments live in the same variables, the iteration count and
 * `accBeta1`/`accBeta2` advance exactly as tfjs-core's do.
 */
import {
  AdamOptimizer,
  concat,
  engine,
  getBackend,
  getKernel,
  mul,
  reshape,
  tidy,
  zerosLike,
  type Tensor,
  type Variable,
} from '@tensorflow/tfjs-core';
import { ADAM_UPDATE } from '../kernels/digitkit-adam-update.js';
import { declareDispatchPaths } from '../kernels/kernel-dispatch.js';
import { nativeReadyOnCurrentBackend } from '../native/native-module.js';

const took = declareDispatchPaths('Adam update', ['kernel', 'tfjs-core']);

type ApplyGradients = AdamOptimizer['applyGradients'];
type VariableGradients = Parameters<ApplyGradients>[0];

/** The private state of tfjs-core 4.22's AdamOptimizer that tfjs-core's own applyGradients keeps. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Variable;
  accBeta2: Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: Variable } | undefined>;
  incrementIterations(): void;
}

/** Whether `optimizer` carries AdamOptimizer 4.22's state (checked before the fast path reads it). */
function isAdamState(optimizer: object): optimizer is AdamState {
  const fields = ['learningRate', 'beta1', 'beta2', 'epsilon', 'accBeta1', 'accBeta2', 'accumulatedFirstMoment', 'accumulatedSecondMoment'];
  return fields.every((field) => Reflect.get(optimizer, field) != null) && typeof Reflect.get(optimizer, 'incrementIterations') === 'function';
}

let stock: ApplyGradients | undefined;

function fusedApplyGradients(this: AdamOptimizer, variableGradients: VariableGradients): void {
  const self: object = this;
  const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  const gradientOf = (i: number): Tensor | undefined =>
    Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[names[i]];
  const usable =
    getBackend() === 'wasm' &&
    getKernel(ADAM_UPDATE, 'wasm') !== undefined &&
    nativeReadyOnCurrentBackend() &&
    names.every((name, i) => {
      const gradient = gradientOf(i);
      const value = engine().registeredVariables[name];
      return value?.dtype === 'float32' && (gradient == null || (gradient.dtype === 'float32' && gradient.size === value.size));
    });
  if (!usable || !isAdamState(self)) {
    took('tfjs-core');
    if (stock === undefined) throw new TypeError('Adam update: tfjs-core applyGradients was not captured');
    stock.call(this, variableGradients);
    return;
  }
  took('kernel');
  const state = self;
  tidy(() => {
    // [accBeta1, accBeta2] before this step's update; the kernel forms 1 − acc in float32 as tfjs does.
    const accumulated = concat([reshape(state.accBeta1, [1]), reshape(state.accBeta2, [1])]);
    names.forEach((name, i) => {
      const value = engine().registeredVariables[name];
      const trainable = false;
      state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tidy(() => zerosLike(value).variable(trainable)) };
      state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tidy(() => zerosLike(value).variable(trainable)) };
      const gradient = gradientOf(i);
      if (gradient == null) return;
      const m = state.accumulatedFirstMoment[i]!.variable;
      const v = state.accumulatedSecondMoment[i]!.variable;
      const [newValue, newM, newV] = engine().runKernel(ADAM_UPDATE, { value, m, v, gradient, acc: accumulated }, {
        beta1: state.beta1,
        oneMinusBeta1: 1 - state.beta1,
        beta2: state.beta2,
        oneMinusBeta2: 1 - state.beta2,
        epsilon: state.epsilon,
        learningRate: state.learningRate,
      }) as Tensor[];
      m.assign(newM);
      v.assign(newV);
      value.assign(newValue);
    });
    state.accBeta1.assign(mul(state.accBeta1, state.beta1));
    state.accBeta2.assign(mul(state.accBeta2, state.beta2));
  });
  state.incrementIterations();
}

/** Installs (`true`) or removes (`false`) the replacement on `AdamOptimizer.prototype`. */
export function setAdamUpdateOverride(enabled: boolean): void {
  const current = AdamOptimizer.prototype.applyGradients;
  if (enabled) {
    if (current !== fusedApplyGradients) {
      stock = current;
      AdamOptimizer.prototype.applyGradients = fusedApplyGradients;
    }
  } else if (current === fusedApplyGradients && stock !== undefined) {
    AdamOptimizer.prototype.applyGradients = stock;
  }
}

/** Whether the replacement is installed now. */
export function adamUpdateOverrideActive(): boolean {
  return AdamOptimizer.prototype.applyGradients === fusedApplyGradients;
}
