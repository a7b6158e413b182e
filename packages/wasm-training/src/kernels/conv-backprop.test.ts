import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { backend_util } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { enableWasmTraining } from '../enable-wasm-training.js';
import { relativeError, runKernelOn, seededValues } from '../../test-support/kernel-check.js';
import { setWinogradSettings } from './winograd.js';
import { convBackpropGrid as grid, explicit, type ConvBackpropCase as Case, type Pad } from '../../test-support/kernel-cases.js';


/**
 * Independent truth for dilated depthwise gradients (the cpu backend's backprop kernels ignore dilation): the loss
 * L = Σ dy ⊙ depthwiseConv2d(x, W) is linear in W and in x, so ∂L/∂W_i = L(x, e_i) and ∂L/∂x_j = L(e_j, W),
 * computed with the cpu backend's forward kernel, which does honour dilation.
 */
async function depthwiseTruthByLinearity(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  dy: tf.Tensor4D,
  options: { strides: [number, number]; pad: Pad; dilations: [number, number] },
): Promise<{ dFilter: Float32Array; dInput: Float32Array }> {
  await tf.setBackend('cpu');
  const loss = (input: tf.Tensor4D, w: tf.Tensor4D) =>
    tf.tidy(() => tf.sum(tf.mul(dy, tf.depthwiseConv2d(input, w, options.strides, options.pad as never, 'NHWC', options.dilations))).dataSync()[0]);
  const basis = (shape: number[], index: number) => {
    const values = new Float32Array(shape.reduce((a, b) => a * b));
    values[index] = 1;
    return tf.tensor4d(values, shape as [number, number, number, number]);
  };
  const dFilter = new Float32Array(filter.size);
  for (let i = 0; i < filter.size; i++) {
    const e = basis(filter.shape, i);
    dFilter[i] = loss(x, e);
    e.dispose();
  }
  const dInput = new Float32Array(x.size);
  for (let j = 0; j < x.size; j++) {
    const e = basis(x.shape, j);
    dInput[j] = loss(e, filter);
    e.dispose();
  }
  return { dFilter, dInput };
}

function label(c: Case): string {
  return `${c.dataFormat} b${c.batch} ${c.size.join('x')}x${c.inChannels}->${c.outChannels} f${c.filter.join('x')} s${c.strides.join(',')} pad ${JSON.stringify(c.pad)}`;
}

function info(c: Case): backend_util.Conv2DInfo {
  const [h, w] = c.size;
  const inShape: [number, number, number, number] =
    c.dataFormat === 'NHWC' ? [c.batch, h, w, c.inChannels] : [c.batch, c.inChannels, h, w];
  return backend_util.computeConv2DInfo(
    inShape,
    [c.filter[0], c.filter[1], c.inChannels, c.outChannels],
    c.strides,
    c.dilations,
    c.pad === 'valid' || c.pad === 'same' || typeof c.pad === 'number' ? c.pad : (c.pad as backend_util.ExplicitPadding),
    undefined,
    false,
    c.dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
}

async function compare(
  kernelName: string,
  inputs: Parameters<typeof runKernelOn>[2],
  attrs: Parameters<typeof runKernelOn>[3],
  truth?: Float32Array,
) {
  const reference = truth === undefined ? await runKernelOn('cpu', kernelName, inputs, attrs) : { values: truth, shape: undefined };
  const actual = await runKernelOn('wasm', kernelName, inputs, attrs);
  if (reference.shape !== undefined) expect(actual.shape).toEqual(reference.shape);
  expect(relativeError(actual.values, reference.values)).toBeLessThanOrEqual(1e-4);
}

for (const fast of [false, true]) {
  describe(`conv2d gradient kernels on wasm vs cpu (fast: ${fast})`, () => {
    beforeAll(async () => {
      await tf.setBackend('wasm');
      await tf.ready();
      enableWasmTraining({ fast });
    });

    for (const [index, c] of grid().entries()) {
      it(`Conv2DBackpropFilter and Conv2DBackpropInput: ${label(c)}`, async () => {
        const geometry = info(c);
        const x = { shape: geometry.inShape as number[], values: seededValues(geometry.inShape.reduce((a, b) => a * b), 11 + index) };
        const dy = { shape: geometry.outShape as number[], values: seededValues(geometry.outShape.reduce((a, b) => a * b), 97 + index) };
        const filterShape = geometry.filterShape as number[];
        const filter = { shape: filterShape, values: seededValues(filterShape.reduce((a, b) => a * b), 5 + index) };
        const common = { strides: c.strides, pad: c.pad, dataFormat: c.dataFormat } as const;
        await compare('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape } as never);
        await compare('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: geometry.inShape } as never);
        // 3×3 stride 1 with ≥ 16 channels takes Winograd (kernel-dispatch.test.ts proves which path): im2col too.
        const previous = setWinogradSettings({ backpropInputMinChannels: Number.POSITIVE_INFINITY });
        try {
          await compare('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: geometry.inShape } as never);
        } finally {
          setWinogradSettings(previous);
        }
      });
    }

    it('Conv2DBackpropFilter of int32 tensors (loop form) matches cpu', async () => {
      const ints = (shape: number[], seed: number) => ({
        shape,
        values: Int32Array.from(seededValues(shape.reduce((a, b) => a * b), seed), (v) => Math.round(v * 5)),
        dtype: 'int32' as const,
      });
      await compare('Conv2DBackpropFilter', { x: ints([2, 6, 6, 3], 1), dy: ints([2, 4, 4, 5], 2) }, {
        strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 3, 5],
      } as never);
    });

    const depthwise: Array<{ size: [number, number]; channels: number; multiplier: number; filter: [number, number]; strides: [number, number]; pad: Pad; dilations: [number, number] }> = [
      { size: [7, 7], channels: 3, multiplier: 1, filter: [3, 3], strides: [1, 1], pad: 'same', dilations: [1, 1] },
      { size: [8, 9], channels: 4, multiplier: 2, filter: [3, 3], strides: [2, 2], pad: 'valid', dilations: [1, 1] },
      { size: [9, 9], channels: 2, multiplier: 3, filter: [3, 2], strides: [1, 1], pad: 'valid', dilations: [2, 2] },
      { size: [8, 8], channels: 5, multiplier: 1, filter: [2, 2], strides: [1, 1], pad: 'same', dilations: [2, 1] },
      { size: [6, 7], channels: 3, multiplier: 2, filter: [3, 3], strides: [2, 1], pad: 1, dilations: [1, 1] },
      { size: [6, 6], channels: 2, multiplier: 1, filter: [3, 3], strides: [1, 2], pad: explicit, dilations: [1, 1] },
    ];
    for (const [index, d] of depthwise.entries()) {
      it(`DepthwiseConv2dNativeBackpropFilter/Input: ${d.size.join('x')}x${d.channels}*${d.multiplier} f${d.filter.join('x')} s${d.strides} d${d.dilations} pad ${JSON.stringify(d.pad)}`, async () => {
        const inShape: [number, number, number, number] = [2, d.size[0], d.size[1], d.channels];
        const filterShape: [number, number, number, number] = [d.filter[0], d.filter[1], d.channels, d.multiplier];
        const geometry = backend_util.computeConv2DInfo(inShape, filterShape, d.strides, d.dilations, d.pad as never, undefined, true);
        const size = (s: readonly number[]) => s.reduce((a, b) => a * b);
        const x = { shape: inShape, values: seededValues(size(inShape), 3 + index) };
        const dy = { shape: geometry.outShape as number[], values: seededValues(size(geometry.outShape), 7 + index) };
        const filter = { shape: filterShape, values: seededValues(size(filterShape), 13 + index) };
        const common = { strides: d.strides, pad: d.pad, dilations: d.dilations };
        let truth: { dFilter: Float32Array; dInput: Float32Array } | undefined;
        if (d.dilations[0] > 1 || d.dilations[1] > 1) {
          await tf.setBackend('cpu');
          const xt = tf.tensor4d(x.values, inShape);
          const ft = tf.tensor4d(filter.values, filterShape);
          const dyt = tf.tensor4d(dy.values, geometry.outShape);
          truth = await depthwiseTruthByLinearity(xt, ft, dyt, common);
          tf.dispose([xt, ft, dyt]);
        }
        await compare('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...common, filterShape } as never, truth?.dFilter);
        await compare('DepthwiseConv2dNativeBackpropInput', { dy, filter }, { ...common, inputShape: inShape } as never, truth?.dInput);
      });
    }
  });
}
