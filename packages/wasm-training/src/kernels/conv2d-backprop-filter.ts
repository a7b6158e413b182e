/**
 * Conv2DBackpropFilter for the wasm backend (missing in stock tfjs-backend-wasm 4.22, tfjs issue #8474).
 * Fast form: im2col chunks times dy with the SIMD GEMM of native/kernels.c (NHWC float32); NCHW, other dtypes and
 * engines without the SIMD module use the loop form, which is also the `fast: false` kernel.
 */
import { backend_util, type Conv2DBackpropFilterAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernels } from '../native/native-module.js';
import { float32View, valuesView, type WasmBackend } from '../wasm-backend.js';
import { conv2dBackpropFilterReference } from './conv2d-backprop-filter-reference.js';
import { runNativeConvBackprop } from './native-conv-backprop.js';
import { defineWasmKernel } from './define-wasm-kernel.js';

/** Inputs of Conv2DBackpropFilter: `x [N,H,W,C] | [N,C,H,W]` and `dy`. */
export interface Conv2DBackpropFilterInputs {
  x: TensorInfo;
  dy: TensorInfo;
}

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

function loop(backend: WasmBackend, { x, dy }: Conv2DBackpropFilterInputs, info: backend_util.Conv2DInfo): TensorInfo {
  const out = backend.makeOutput(info.filterShape, 'float32');
  conv2dBackpropFilterReference(valuesView(backend, x), valuesView(backend, dy), float32View(backend, out), info);
  return out;
}

/** Kernel config, loop form (`fast: false`): output the filter gradient `filterShape`. */
export const conv2dBackpropFilterLoopConfig = defineWasmKernel<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs, 'loop'>({
  kernelName: 'Conv2DBackpropFilter',
  missing: true,
  paths: ['loop'],
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    took('loop');
    return loop(backend, inputs, conv2dBackpropFilterInfo(inputs.x, attrs));
  },
});

const PATHS = ['native', 'native:threads', 'loop:not-float32-nhwc', 'loop:no-native'] as const;

/** Kernel config, fast form: output the filter gradient `filterShape`. */
export const conv2dBackpropFilterConfig = defineWasmKernel<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs, (typeof PATHS)[number]>({
  kernelName: 'Conv2DBackpropFilter',
  missing: true,
  paths: PATHS,
  kernelFunc: ({ inputs, attrs, backend, took }) => {
    const { x, dy } = inputs;
    const info = conv2dBackpropFilterInfo(x, attrs);
    if (info.dataFormat !== 'channelsLast' || x.dtype !== 'float32' || dy.dtype !== 'float32') {
      took('loop:not-float32-nhwc');
      return loop(backend, inputs, info);
    }
    const native = nativeKernels(backend);
    if (native === null) {
      took('loop:no-native');
      return loop(backend, inputs, info);
    }
    const { out, threaded } = runNativeConvBackprop(backend, native, 'dk_conv2d_backprop_filter', x, dy, info, info.filterShape);
    took(threaded ? 'native:threads' : 'native');
    return out;
  },
});
