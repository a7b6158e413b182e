/**
 * Zero-copy Cast to the input's own dtype for the wasm backend (see share-buffer.ts); real conversions use the
 * stock kernel.
 */
import type { CastAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { shareBuffer } from './share-buffer.js';

/** Inputs of Cast. */
export interface CastInputs {
  x: TensorInfo;
}

const PATHS = ['shared-buffer', 'stock:conversion'] as const;

/** Kernel config: `inputs { x }`, attr `dtype`; zero-copy when `dtype` equals x's dtype. */
export const castConfig = defineWasmKernel<CastInputs, CastAttrs, (typeof PATHS)[number]>({
  kernelName: 'Cast',
  missing: false,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took, fallBack }) => {
    if (inputs.x.dtype !== attrs.dtype) return fallBack('stock:conversion');
    took('shared-buffer');
    return shareBuffer(backend, inputs.x);
  },
});
