/**
 * The FusedBatchNorm gradient replacement: on wasm, one custom kernel (`DigitkitFusedBatchNormGrad`) instead of
 * tfjs-core's gradient, which tiles the inverse standard deviation to the input's full shape and makes about a
 * dozen full-size passes. The override is global in tfjs (gradients are not per backend), so on any other backend,
 * or for shapes it does not cover, it calls tfjs-core's own gradient unchanged (or, when none is registered, the
 * same partial derivatives with broadcasting).
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
} from '@tensorflow/tfjs-core';
import { FUSED_BATCH_NORM_GRAD } from '../kernels/digitkit-fused-batch-norm-grad.js';
import { declareDispatchPaths } from '../kernels/kernel-dispatch.js';
import { nativeReadyOnCurrentBackend } from '../native/native-module.js';
import { createGradientOverride } from './gradient-override.js';

const took = declareDispatchPaths('FusedBatchNorm gradient', ['kernel', 'tfjs-core', 'composite']);

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
      if (stock !== undefined) {
        took('tfjs-core');
        return stock.gradFunc(dy, saved, attrs);
      }
      took('composite');
      return compositeGradient(dyTensor, x, mean, variance, scale, epsilon);
    }
    const inputs: Record<string, Tensor> = { x, dy: dyTensor, mean, variance };
    if (scale !== undefined) inputs.scale = scale;
    const [dx, dMean, dVariance, dScale, dOffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, {
      varianceEpsilon: epsilon,
    }) as Tensor[];
    took('kernel');
    return {
      x: () => dx,
      mean: () => dMean,
      variance: () => dVariance,
      scale: () => dScale,
      offset: () => dOffset,
    };
  },
}));
