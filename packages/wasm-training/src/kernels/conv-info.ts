/** Convolution geometry as computed by tfjs-core's `backend_util.computeConv2DInfo`. */
import type { backend_util } from '@tensorflow/tfjs-core';

/** Output of `backend_util.computeConv2DInfo` (batch, sizes, strides, dilations, padding, data format). */
export type Conv2DInfo = backend_util.Conv2DInfo;
