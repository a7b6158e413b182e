/**
 * Mean gradient without the full-size ones tensor: tfjs-core computes `(reshape(dy) · ones(x.shape)) / n`, three
 * full-size passes (Fill, Multiply, RealDiv). This replacement computes `broadcastTo(reshape(dy) / n, x.shape)`:
 * the division on the small tensor and one Tile pass (the fast Tile of this package on wasm). The values are
 * identical (`dy · 1 / n` is `dy / n`), on every backend.
 */
import { broadcastTo, div, reshape, scalar, util, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';
import { declareDispatchPaths } from '../kernels/kernel-dispatch.js';
import { createGradientOverride } from './gradient-override.js';

const took = declareDispatchPaths('Mean gradient', ['broadcast']);

/** The Mean gradient replacement (switched by enableWasmTraining). */
export const meanGradientOverride = createGradientOverride(() => ({
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape);
    const expandedShape = x.shape.slice();
    let reduceSize = 1;
    for (const axis of axes) {
      reduceSize *= x.shape[axis];
      expandedShape[axis] = 1;
    }
    took('broadcast');
    return {
      x: () => broadcastTo(div(reshape(dy as Tensor, expandedShape), scalar(reduceSize)), x.shape),
    };
  },
}));
