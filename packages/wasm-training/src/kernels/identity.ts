/**
 * Zero-copy Identity and same-dtype Cast for the wasm backend: the output shares the input's buffer through
 * the backend's reference count (as the cpu backend does), instead of copying it. tfjs-layers and tf.moments
 * issue several full-size Identity/Cast calls per BatchNorm layer and step. Other casts use the stock kernel.
 */
import type { CastAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

function share(args: WasmKernelArgs): TensorInfo {
  const { x } = args.inputs;
  (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identity(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  if (args.inputs.x.dtype === 'string' || typeof (args.backend as unknown as Partial<RefCountingBackend>).incRef !== 'function') {
    if (stock === undefined) throw new Error('Identity: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  return share(args);
}

function cast(args: WasmKernelArgs, stock: KernelFunc | undefined): TensorInfo | TensorInfo[] {
  const { dtype } = args.attrs as unknown as CastAttrs;
  if (args.inputs.x.dtype !== dtype || dtype === 'string') {
    if (stock === undefined) throw new Error('Cast: no stock wasm kernel to fall back to');
    return stock(args as never);
  }
  return identity(args, stock);
}

/** Kernel entry: `inputs { x }`, output the same tensor data. */
export const identityKernel: TrainingKernel = { kernelName: 'Identity', missing: false, fast: identity };

/** Kernel entry: `inputs { x }`, attr `dtype`; zero-copy when `dtype` equals x's dtype. */
export const castKernel: TrainingKernel = { kernelName: 'Cast', missing: false, fast: cast };
