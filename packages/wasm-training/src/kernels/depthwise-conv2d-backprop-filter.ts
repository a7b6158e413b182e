/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (missing in stock tfjs-backend-wasm 4.22): loops over
 * the heap, any stride, padding, dilation and multiplier.
 */
import { backend_util, type DepthwiseConv2dNativeBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { float32View, valuesView } from '../wasm-backend.js';
import { defineWasmKernel } from './define-wasm-kernel.js';
import { depthwiseBackpropFilterReference } from './depthwise-reference.js';

/** Inputs: `x [N,H,W,C]` and `dy [N,oh,ow,C·m]`. */
export interface DepthwiseConv2dNativeBackpropFilterInputs {
  x: TensorInfo;
  dy: TensorInfo;
}

/** Kernel config (both `fast` values): output `filterShape` `[fh,fw,C,m]`. */
export const depthwiseConv2dBackpropFilterConfig = defineWasmKernel<
  DepthwiseConv2dNativeBackpropFilterInputs,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  'loop'
>({
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  missing: true,
  paths: ['loop'],
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    const { x, dy } = inputs;
    const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs;
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
    took('loop');
    return out;
  },
});
