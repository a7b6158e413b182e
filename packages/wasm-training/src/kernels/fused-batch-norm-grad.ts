/**
 * BatchNorm gradient without Tile: tfjs-core's FusedBatchNorm gradient tiles the inverse standard deviation to
 * the input's full shape and makes about a dozen full-size passes. On the wasm backend this package replaces it
 * with one custom kernel (`DigitkitFusedBatchNormGrad`, native/kernels.c): one pass for the per-channel sums, one
 * for dx. The gradient override is global in tfjs (gradients are not per backend), so on any other backend, or
 * for shapes it does not cover, it calls tfjs-core's own gradient unchanged.
 */
import {
  add,
  backend_util,
  engine,
  mul,
  neg,
  pow,
  reshape,
  rsqrt,
  scalar,
  sub,
  sum,
  getBackend,
  getKernel,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { nativeKernels, nativeReadyOnCurrentBackend } from '../native/native-module.js';
import { createGradientOverride } from './gradient-override.js';
import { pointerOf } from '../wasm-backend.js';
import type { TrainingKernel, WasmKernelArgs } from './training-kernel.js';

/** Name of the custom wasm kernel computing `[dx, dMean, dVariance, dScale, dOffset]` in two passes. */
export const FUSED_BATCH_NORM_GRAD = 'DigitkitFusedBatchNormGrad';

function fast({ inputs, attrs, backend }: WasmKernelArgs): TensorInfo[] {
  const { x, dy, mean, variance, scale } = inputs;
  const native = nativeKernels(backend);
  if (native === null) throw new Error(`${FUSED_BATCH_NORM_GRAD}: the SIMD kernels are not available in this engine`);
  const channels = mean.shape[0];
  const rows = x.shape.reduce((a, b) => a * b, 1) / channels;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dMean = backend.makeOutput([channels], 'float32');
  const dVariance = backend.makeOutput([channels], 'float32');
  const dScale = backend.makeOutput([channels], 'float32');
  const dOffset = backend.makeOutput([channels], 'float32');
  const sums = native.scratch(channels);
  native.exports.dk_batch_norm_grad(
    pointerOf(backend, x), pointerOf(backend, dy), pointerOf(backend, mean), pointerOf(backend, variance),
    scale === undefined ? 0 : pointerOf(backend, scale), attrs.varianceEpsilon as number, rows, channels,
    pointerOf(backend, dx), pointerOf(backend, dMean), pointerOf(backend, dVariance), pointerOf(backend, dScale),
    pointerOf(backend, dOffset), sums,
  );
  return [dx, dMean, dVariance, dScale, dOffset];
}

/** Kernel entry: inputs `{ x: [..., C], dy, mean: [C], variance: [C], scale?: [C] }`, attr `varianceEpsilon`. */
export const fusedBatchNormGradKernel: TrainingKernel = {
  kernelName: FUSED_BATCH_NORM_GRAD,
  missing: false,
  fast,
};

function covered(x: Tensor, dy: Tensor, mean: Tensor, variance: Tensor, scale: Tensor | undefined): boolean {
  const channels = x.shape[x.rank - 1];
  const perChannel = (t: Tensor | undefined) =>
    t === undefined || (t.rank === 1 && t.shape[0] === channels && t.dtype === 'float32');
  return (
    x.dtype === 'float32' &&
    dy.dtype === 'float32' &&
    x.rank >= 1 &&
    channels > 0 &&
    perChannel(mean) &&
    perChannel(variance) &&
    perChannel(scale)
  );
}

/** The same partial derivatives as tfjs-core's gradient, with broadcasting instead of Tile (any backend). */
function compositeGradient(dy: Tensor, x: Tensor, mean: Tensor, variance: Tensor, scale: Tensor | undefined, epsilon: number) {
  const reduceTo = (t: Tensor, shape: number[]) => {
    const axes = backend_util.getReductionAxes(shape, t.shape);
    return reshape(axes.length > 0 ? sum(t, axes) : t, shape);
  };
  const invStd = rsqrt(add(variance, scalar(epsilon)));
  const scaleValue = scale ?? scalar(1);
  const dyScaled = mul(dy, scaleValue);
  const xMinusMean = sub(x, mean);
  return {
    x: () => mul(dyScaled, invStd),
    mean: () => reduceTo(mul(dyScaled, neg(invStd)), mean.shape),
    variance: () => reduceTo(mul(mul(dyScaled, xMinusMean), mul(pow(invStd, scalar(3)), scalar(-0.5))), variance.shape),
    scale: () => reduceTo(mul(mul(dy, xMinusMean), invStd), (scale ?? mean).shape),
    offset: () => reduceTo(dy, mean.shape),
  };
}

/** The FusedBatchNorm gradient replacement (switched by enableWasmTraining). */
export const batchNormGradientOverride = createGradientOverride((previous) => ({
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, mean, variance, scaleOrNull] = saved;
    const scale = scaleOrNull ?? undefined;
    const dyTensor = dy as Tensor;
    const epsilon = attrs.varianceEpsilon as number;
    if (
      getBackend() !== 'wasm' ||
      getKernel(FUSED_BATCH_NORM_GRAD, 'wasm') === undefined ||
      !covered(x, dyTensor, mean, variance, scale) ||
      !nativeReadyOnCurrentBackend()
    ) {
      const stock = previous();
      if (stock !== undefined) return stock.gradFunc(dy, saved, attrs);
      return compositeGradient(dyTensor, x, mean, variance, scale, epsilon);
    }
    const inputs: Record<string, Tensor> = { x, dy: dyTensor, mean, variance };
    if (scale !== undefined) inputs.scale = scale;
    const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, {
      varianceEpsilon: epsilon,
    }) as Tensor[];
    return {
      x: () => dx,
      mean: () => dMean,
      variance: () => dVariance,
      scale: () => dScale,
      offset: () => dOffset,
    };
  },
}));
