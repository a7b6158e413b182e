/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (missing in stock tfjs-backend-wasm 4.22).
 */
import { backend_util, type DepthwiseConv2dNativeBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { float32View, valuesView } from '../wasm-backend.js';
import { depthwiseBackpropInputReference } from './depthwise-reference.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

function simple({ inputs, attrs, backend }: WasmKernelArgs): TensorInfo {
  const { dy, filter } = inputs;
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const out = backend.makeOutput(info.inShape, 'float32');
  depthwiseBackpropInputReference(valuesView(backend, dy), valuesView(backend, filter), float32View(backend, out), info);
  return out;
}

/** Kernel entry: `inputs { dy: [N,oh,ow,C·m], filter: [fh,fw,C,m] }`, output `inputShape` `[N,H,W,C]`. */
export const depthwiseConv2dBackpropInputKernel: TrainingKernel = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  missing: true,
  simple,
};
