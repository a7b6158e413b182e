/**
 * Conv2DBackpropFilter for the wasm backend (missing in stock tfjs-backend-wasm 4.22, tfjs issue #8474).
 */
import { backend_util, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { float32View } from '../wasm-backend.js';
import { conv2dBackpropFilterReference } from './conv2d-backprop-filter-reference.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Geometry of a Conv2DBackpropFilter call. */
export function conv2dBackpropFilterInfo(x: TensorInfo, attrs: Conv2DBackpropFilterAttrs): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
}

function simple({ inputs, attrs, backend }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const info = conv2dBackpropFilterInfo(x, attrs as unknown as Conv2DBackpropFilterAttrs);
  const out = backend.makeOutput(info.filterShape, 'float32');
  conv2dBackpropFilterReference(float32View(backend, x), float32View(backend, dy), float32View(backend, out), info);
  return out;
}

/** Kernel entry: `inputs { x: [N,H,W,C] | [N,C,H,W], dy }`, output the filter gradient `filterShape`. */
export const conv2dBackpropFilterKernel: TrainingKernel = {
  kernelName: 'Conv2DBackpropFilter',
  missing: true,
  simple,
};
