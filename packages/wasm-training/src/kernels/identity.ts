/**
 * Zero-copy Identity for the wasm backend (see share-buffer.ts).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { shareBuffer } from './share-buffer.js';

/** Inputs of Identity. */
export interface IdentityInputs {
  x: TensorInfo;
}

const PATHS = ['shared-buffer'] as const;

/** Kernel config: `inputs { x }`, output the same tensor data. */
export const identityConfig = defineWasmKernel<IdentityInputs, Record<string, never>, (typeof PATHS)[number]>({
  kernelName: 'Identity',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, backend, took }) => {
    took('shared-buffer');
    return shareBuffer(backend, inputs.x);
  },
});
