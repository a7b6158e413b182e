import type * as tfl from '@tensorflow/tfjs-layers';

/** Compute cost of one layer for a single image. */
export interface LayerFlops {
  /** Layer name, e.g. `conv2d_Conv2D1`. */
  name: string;
  /** Layer class, e.g. `Conv2D`. */
  className: string;
  /** Multiply-accumulate operations for one image. */
  macs: number;
}

/** Result of {@link countFlops}. */
export interface FlopsCount {
  /** Multiply-accumulates per image, summed over conv, depthwise conv and dense layers. */
  macs: number;
  /** Floating-point operations per image, `2 × macs` (one multiply and one add per MAC). */
  flops: number;
  /** Per-layer breakdown (only layers that contribute). */
  layers: LayerFlops[];
}

/**
 * Counts the forward-pass cost of a model for one image: multiply-accumulates (MACs) of `Conv2D`,
 * `DepthwiseConv2D` and `Dense` layers, and FLOPs = 2 × MACs. Biases, activations, pooling, BatchNorm and
 * element-wise layers are not counted (together they are below 2% for the models of this package). A training
 * step costs about three times the forward pass.
 *
 * @param model - A built `tf.LayersModel` (Sequential or functional) with channels-last convolutions.
 * @returns `{ macs, flops, layers }` per image.
 */
export function countFlops(model: tfl.LayersModel): FlopsCount {
  if (model == null || !Array.isArray((model as { layers?: unknown }).layers)) {
    throw new TypeError(`countFlops: expected a tf.LayersModel, got ${model === null ? 'null' : typeof model}`);
  }
  const layers: LayerFlops[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const config = layer.getConfig() as Record<string, unknown>;
    let macs = 0;
    if (className === 'Conv2D' || className === 'DepthwiseConv2D') {
      const out = layer.outputShape as number[];
      const inShape = (layer.input as { shape: number[] }).shape;
      const inChannels = inShape[inShape.length - 1] ?? 0;
      const [kh, kw] = config.kernelSize as number[];
      const outPositions = out[1] * out[2];
      macs =
        className === 'Conv2D'
          ? outPositions * out[3] * kh * kw * inChannels
          : outPositions * out[3] * kh * kw;
    } else if (className === 'Dense') {
      const inShape = (layer.input as { shape: number[] }).shape;
      const out = layer.outputShape as number[];
      const positions = inShape.slice(1, -1).reduce((a, b) => a * b, 1);
      macs = positions * inShape[inShape.length - 1] * out[out.length - 1];
    }
    if (macs > 0) layers.push({ name: layer.name, className, macs });
  }
  const macs = layers.reduce((sum, l) => sum + l.macs, 0);
  return { macs, flops: 2 * macs, layers };
}
