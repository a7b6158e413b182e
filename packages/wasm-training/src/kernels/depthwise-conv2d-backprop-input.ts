/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (missing in stock tfjs-backend-wasm 4.22): loops over
 * the heap, any stride, padding, dilation and multiplier.
 */
import { backend_util, type DepthwiseConv2dNativeBackpropInputAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { float32View, valuesView } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { depthwiseBackpropInputReference } from './depthwise-reference.js';

/** Inputs: `dy [N,oh,ow,C·m]` and `filter [fh,fw,C,m]`. */
export interface DepthwiseConv2dNativeBackpropInputInputs {
  dy: TensorInfo;
  filter: TensorInfo;
}

/** Kernel config (both `fast` values): output `inputShape` `[N,H,W,C]`. */
export const depthwiseConv2dBackpropInputConfig = defineWasmKernel<
  DepthwiseConv2dNativeBackpropInputInputs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  'loop'
>({
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  missing: true,
  paths: ['loop'],
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    const { dy, filter } = inputs;
    const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs;
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
    took('loop');
    return out;
  },
});
