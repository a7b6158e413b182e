/**
 * `enableWasmTraining`: registers the gradient kernels the tfjs wasm backend lacks, and faster replacements.
 */
import { UnsupportedEnvironmentError, checkBoolean, checkOptions } from '@digitkit/core';
import { findBackendFactory, getKernel, registerKernel, unregisterKernel, version_core } from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ALL_GRADIENT_OVERRIDES } from './gradients/register-all-gradients.js';
import type { WasmTrainingKernelConfig } from './kernels/define-wasm-kernel.js';
import { FAST_KERNEL_CONFIGS, LOOP_KERNEL_CONFIGS } from './kernels/register-all.js';
import { rememberStockKernel } from './kernels/stock-kernels.js';
import { adamUpdateOverrideActive, setAdamUpdateOverride } from './optimizers/adam-update.js';
import { compileNativeModule, nativeKernelsStatus, type NativeBuildStatus } from './native/native-module.js';
import { SUPPORTED_TFJS_VERSION } from './supported-tfjs-version.js';

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
  /**
   * Optimizer updates replaced (empty with `fast: false`): `Adam` — on wasm, `tf.train.adam` (and tfjs-layers'
   * `'adam'`) updates each variable with one kernel instead of about ten, same formula and rounding; tfjs-core's
   * update elsewhere.
   */
  optimizers: string[];
  /**
   * Whether the SIMD kernels (native/kernels.c) compiled in this engine: `{ state: 'compiled' }`, or
   * `{ state: 'failed', error }` (an UnsupportedEnvironmentError whose `cause` is the engine's CompileError) — the
   * fast kernels then fall back to their loop or stock forms, correct but slower. The shared-memory build for the
   * threaded backend is compiled when first needed.
   */
  native: NativeBuildStatus;
}

const WASM = 'wasm';
/** Stock configs seen before this package first touched each kernel name. */
const stockConfigs = new Map<string, KernelConfig | undefined>();
/** Configs registered by this package, to recognise them on later calls. */
const ownConfigs = new WeakSet<KernelConfig>();
let current: Omit<WasmTrainingInfo, 'native'> | undefined;

function stockOf(kernelName: string): KernelConfig | undefined {
  if (!stockConfigs.has(kernelName)) {
    const config = getKernel(kernelName, WASM);
    const stock = config !== undefined && !ownConfigs.has(config) ? config : undefined;
    stockConfigs.set(kernelName, stock);
    rememberStockKernel(kernelName, stock?.kernelFunc);
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

function install(kernel: WasmTrainingKernelConfig): void {
  const stock = stockOf(kernel.kernelName);
  const config: KernelConfig = { kernelName: kernel.kernelName, backendName: WASM, kernelFunc: kernel.kernelFunc };
  // The stock kernel stays callable as a fallback, so its setup (cwrap of the C function) must still run.
  if (stock?.setupFunc !== undefined) config.setupFunc = stock.setupFunc;
  ownConfigs.add(config);
  if (getKernel(kernel.kernelName, WASM) !== undefined) unregisterKernel(kernel.kernelName, WASM);
  registerKernel(config);
}

function report(info: Omit<WasmTrainingInfo, 'native'>): WasmTrainingInfo {
  return {
    fast: info.fast,
    added: [...info.added],
    replaced: [...info.replaced],
    gradients: [...info.gradients],
    optimizers: [...info.optimizers],
    native: nativeKernelsStatus().plain,
  };
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
 * @throws TypeError for malformed options (an unknown key is named); UnsupportedEnvironmentError when
 *   `@tensorflow/tfjs-core` is not the version this package was written against ({@link SUPPORTED_TFJS_VERSION}) or
 *   `@tensorflow/tfjs-backend-wasm` has not been imported (no `'wasm'` backend registered).
 */
export function enableWasmTraining(options: EnableWasmTrainingOptions = {}): WasmTrainingInfo {
  checkOptions('enableWasmTraining', options, ['fast']);
  const fast = options.fast ?? true;
  checkBoolean('enableWasmTraining', 'options.fast', fast);
  if (version_core !== SUPPORTED_TFJS_VERSION) {
    throw new UnsupportedEnvironmentError({
      functionName: 'enableWasmTraining',
      expected: `@tensorflow/tfjs-core ${SUPPORTED_TFJS_VERSION} (this package reads private internals of that version)`,
      found: version_core,
      fix: `install @tensorflow/tfjs-core@${SUPPORTED_TFJS_VERSION} and @tensorflow/tfjs-backend-wasm@${SUPPORTED_TFJS_VERSION}`,
    });
  }
  if (findBackendFactory(WASM) == null) {
    throw new UnsupportedEnvironmentError({
      functionName: 'enableWasmTraining',
      expected: "a registered 'wasm' backend",
      found: 'none',
      fix: "import '@tensorflow/tfjs-backend-wasm' before calling it",
    });
  }
  if (fast) compileNativeModule(false);
  if (current !== undefined && current.fast === fast && (!fast || (ALL_GRADIENT_OVERRIDES.every(([, o]) => o.active()) && adamUpdateOverrideActive()))) {
    return report(current);
  }
  const added: string[] = [];
  const replaced: string[] = [];
  const chosen = fast ? FAST_KERNEL_CONFIGS : LOOP_KERNEL_CONFIGS;
  const names = new Set(FAST_KERNEL_CONFIGS.map((k) => k.kernelName));
  for (const kernel of chosen) {
    install(kernel);
    (kernel.missing ? added : replaced).push(kernel.kernelName);
  }
  for (const name of names) {
    stockOf(name);
    if (!chosen.some((k) => k.kernelName === name)) restore(name);
  }
  const gradients: string[] = [];
  for (const [name, override] of ALL_GRADIENT_OVERRIDES) {
    override.set(fast);
    if (fast && override.active()) gradients.push(name);
  }
  setAdamUpdateOverride(fast);
  const optimizers = fast && adamUpdateOverrideActive() ? ['Adam'] : [];
  current = { fast, added, replaced, gradients, optimizers };
  return report(current);
}
