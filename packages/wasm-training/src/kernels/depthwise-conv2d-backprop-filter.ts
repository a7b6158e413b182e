/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (missing in stock tfjs-backend-wasm 4.22).
 */
import { backend_util, type DepthwiseConv2dNativeBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { float32View, valuesView } from '../wasm-backend.js';
import { depthwiseBackpropFilterReference } from './depthwise-reference.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function simple({ inputs, attrs, backend }: WasmKernelArgs): TensorInfo {
  const { x, dy } = inputs;
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const out = backend.makeOutput(info.filterShape, 'float32');
  depthwiseBackpropFilterReference(valuesView(backend, x), valuesView(backend, dy), float32View(backend, out), info);
  return out;
}

/** Kernel entry: `inputs { x: [N,H,W,C], dy: [N,oh,ow,C·m] }`, output `filterShape` `[fh,fw,C,m]`. */
export const depthwiseConv2dBackpropFilterKernel: TrainingKernel = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  missing: true,
  simple,
};
