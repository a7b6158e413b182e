/**
 * `enableWasmTraining`: registers the gradient kernels the tfjs wasm backend lacks, and faster replacements.
 */
import { findBackendFactory, getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, KernelSetupFunc } from '@tensorflow/tfjs-core';
import { batchNormGradientOverride } from './kernels/fused-batch-norm-grad.js';
import type { GradientOverride } from './kernels/gradient-override.js';
import { meanGradientOverride } from './kernels/mean-grad.js';
import { reluGradientOverride } from './kernels/relu-grad.js';
import { squareGradientOverride } from './kernels/square-grad.js';
import { ALL_TRAINING_KERNELS } from './kernels/register-all.js';
import type { TrainingKernel, WasmKernelArgs } from './kernels/training-kernel.js';

/** Options of {@link enableWasmTraining}. */
export interface EnableWasmTrainingOptions {
  /**
   * `true` (default): register the missing kernels in their fast form plus faster replacements of slow stock
   * kernels. `false`: register only the kernels stock wasm lacks, in their simple loop form (a baseline).
   */
  fast?: boolean;
}

/** What {@link enableWasmTraining} did. */
export interface WasmTrainingInfo {
  /** Whether the fast kernels are active. */
  fast: boolean;
  /** Kernels that stock tfjs-backend-wasm lacks and that are now registered. */
  added: string[];
  /** Stock wasm kernels replaced by faster ones, and custom kernels added (empty with `fast: false`). */
  replaced: string[];
  /**
   * tfjs gradients replaced (global in tfjs): `FusedBatchNorm`, `Relu`, `Square` take their fast path on wasm and
   * call tfjs-core's gradient elsewhere; `Mean` computes tfjs-core's values with `broadcastTo` on every backend
   * (empty with `fast: false`).
   */
  gradients: string[];
}

const WASM = 'wasm';
/** Gradient replacements switched on with `fast` (gradients are global in tfjs, not per backend). */
const GRADIENT_OVERRIDES: ReadonlyArray<[string, GradientOverride]> = [
  ['FusedBatchNorm', batchNormGradientOverride],
  ['Mean', meanGradientOverride],
  ['Relu', reluGradientOverride],
  ['Square', squareGradientOverride],
];
/** Stock configs seen before this package first touched each kernel name. */
const stockConfigs = new Map<string, KernelConfig | undefined>();
/** Configs registered by this package, to recognise them on later calls. */
const ownConfigs = new WeakSet<KernelConfig>();
let current: WasmTrainingInfo | undefined;

function stockOf(kernelName: string): KernelConfig | undefined {
  if (!stockConfigs.has(kernelName)) {
    const config = getKernel(kernelName, WASM);
    stockConfigs.set(kernelName, config !== undefined && !ownConfigs.has(config) ? config : undefined);
  }
  return stockConfigs.get(kernelName);
}

function restore(kernelName: string): void {
  const registered = getKernel(kernelName, WASM);
  if (registered === undefined || !ownConfigs.has(registered)) return;
  unregisterKernel(kernelName, WASM);
  const stock = stockConfigs.get(kernelName);
  if (stock !== undefined) registerKernel(stock);
}

function install(kernel: TrainingKernel, fast: boolean): void {
  const stock = stockOf(kernel.kernelName);
  const impl = fast ? (kernel.fast ?? kernel.simple) : kernel.simple;
  if (impl === undefined) throw new Error(`enableWasmTraining: kernel ${kernel.kernelName} has no implementation`);
  const stockFunc: KernelFunc | undefined = stock?.kernelFunc;
  const config: KernelConfig = {
    kernelName: kernel.kernelName,
    backendName: WASM,
    kernelFunc: ((args: WasmKernelArgs) => impl(args, stockFunc)) as unknown as KernelFunc,
  };
  // The stock kernel stays callable as a fallback, so its setup (cwrap of the C function) must still run.
  if (stock?.setupFunc !== undefined) config.setupFunc = stock.setupFunc as KernelSetupFunc;
  ownConfigs.add(config);
  if (getKernel(kernel.kernelName, WASM) !== undefined) unregisterKernel(kernel.kernelName, WASM);
  registerKernel(config);
}

/**
 * Makes the tfjs WebAssembly backend able to train CNNs, and faster at it.
 *
 * Call after `import '@tensorflow/tfjs-backend-wasm'` (before or after `tf.setBackend('wasm')`). Registers on the
 * `'wasm'` backend every gradient kernel it lacks (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and
 * DepthwiseConv2dNativeBackpropInput) and, unless `fast: false`, faster replacements of slow stock kernels. Every
 * kernel is correct for all strides, paddings, dilations and data formats tfjs accepts; where a fast path does not
 * apply it falls back to a correct one. Idempotent: calling again with the same options changes nothing; calling
 * with other options switches the registered set.
 *
 * @param options `{ fast = true }`.
 * @returns Which kernels were added and which stock kernels were replaced.
 * @throws Error when `@tensorflow/tfjs-backend-wasm` has not been imported (no `'wasm'` backend registered).
 */
export function enableWasmTraining(options: EnableWasmTrainingOptions = {}): WasmTrainingInfo {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`enableWasmTraining: expected an options object, got ${String(options)}`);
  }
  const fast = options.fast ?? true;
  if (typeof fast !== 'boolean') {
    throw new TypeError(`enableWasmTraining: expected options.fast to be a boolean, got ${typeof fast}`);
  }
  if (findBackendFactory(WASM) == null) {
    throw new Error(
      "enableWasmTraining: no 'wasm' backend is registered; import '@tensorflow/tfjs-backend-wasm' before calling it",
    );
  }
  if (current !== undefined && current.fast === fast && (!fast || GRADIENT_OVERRIDES.every(([, o]) => o.active()))) return { ...current, added: [...current.added], replaced: [...current.replaced], gradients: [...current.gradients] };
  const added: string[] = [];
  const replaced: string[] = [];
  for (const kernel of ALL_TRAINING_KERNELS) {
    stockOf(kernel.kernelName);
    if (kernel.missing || fast) {
      install(kernel, fast);
      (kernel.missing ? added : replaced).push(kernel.kernelName);
    } else {
      restore(kernel.kernelName);
    }
  }
  const gradients: string[] = [];
  for (const [name, override] of GRADIENT_OVERRIDES) {
    override.set(fast);
    if (fast && override.active()) gradients.push(name);
  }
  current = { fast, added, replaced, gradients };
  return { fast, added: [...added], replaced: [...replaced], gradients: [...gradients] };
}
