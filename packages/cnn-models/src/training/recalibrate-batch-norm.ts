import { checkFiniteNumber, checkInteger, checkOptions, deriveSeed } from '@digitkit/core';
import { setDropoutStream } from '../models/seeded-dropout.js';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { modelDataShape } from './assert-model.js';
import { batchOrder, toExampleSource, type ExampleInput, type ExampleSource } from './example-source.js';

/** Options of {@link recalibrateBatchNorm}. */
export interface RecalibrateBatchNormOptions {
  /** Training batches whose statistics are averaged (fewer when the data runs out). Default `50`. */
  batches?: number;
  /** Examples per batch; use the training batch size. Default `64`. */
  batchSize?: number;
  /** Seed of the batches' random choice. Default `0`. */
  seed?: number;
}

interface BatchNormLayer {
  momentum: number;
  trainable: boolean;
  getClassName(): string;
}

/** The model's BatchNormalization layers that are not frozen (a frozen one keeps its statistics, as in Keras). */
export function batchNormLayers(model: tfl.LayersModel): BatchNormLayer[] {
  return (model.layers as unknown as BatchNormLayer[]).filter((layer) => layer.getClassName() === 'BatchNormalization' && layer.trainable);
}

/**
 * Recomputes the moving mean and variance of every BatchNormalization layer as the plain average of the batch
 * statistics over `batches` training batches (forward passes in training mode, no gradients; PyTorch's
 * `torch.optim.swa_utils.update_bn`). After a short run the moving averages of training (momentum 0.99) still
 * remember the initial mean 0 / variance 1, so inference disagrees with training; afterwards it does not.
 * Trainable weights are untouched. Models without BatchNorm, and frozen (`trainable = false`) BatchNorm layers,
 * are left as they are.
 *
 * @param model - The trained model (changed in place).
 * @param data - Training examples: a `DigitDataset` or `{ xs, ys }` tensors.
 * @param options - `batches` (default 50), `batchSize` (default 64), `seed` (default 0).
 * @returns The number of BatchNorm layers recalibrated. Leaks no tensors.
 */
export async function recalibrateBatchNorm(
  model: tfl.LayersModel,
  data: ExampleInput,
  options: RecalibrateBatchNormOptions = {},
): Promise<number> {
  const fn = 'recalibrateBatchNorm';
  const opts = checkOptions(fn, options, ['batches', 'batchSize', 'seed']);
  const shape = modelDataShape(fn, model);
  const source = toExampleSource(fn, 'data', data, shape);
  const batches = checkInteger(fn, 'batches', opts.batches ?? 50, { min: 1 });
  const batchSize = checkInteger(fn, 'batchSize', opts.batchSize ?? 64, { min: 1 });
  const seed = checkFiniteNumber(fn, 'seed', opts.seed ?? 0);
  return recalibrateOnSource(model, source, { batches, batchSize, seed });
}

/** {@link recalibrateBatchNorm} on a checked example source. */
export async function recalibrateOnSource(
  model: tfl.LayersModel,
  source: ExampleSource,
  options: { batches: number; batchSize: number; seed: number },
): Promise<number> {
  const layers = batchNormLayers(model);
  if (layers.length === 0) return 0;
  const momenta = layers.map((layer) => layer.momentum);
  // dropout (in training mode here) draws its masks from the recalibration seed, never from Math.random
  setDropoutStream(model, deriveSeed(options.seed, 7), 0);
  try {
    const order = batchOrder(source.count, options.batchSize, options.seed).slice(0, options.batches);
    for (let k = 0; k < order.length; k++) {
      // momentum k/(k+1): the moving value becomes the running mean of the k+1 batch statistics seen so far.
      for (const layer of layers) layer.momentum = k / (k + 1);
      const { xs, ys } = source.batch(order[k]);
      try {
        tf.tidy(() => void model.apply(xs, { training: true }));
      } finally {
        tf.dispose([xs, ys]);
      }
      await Promise.resolve();
    }
  } finally {
    layers.forEach((layer, i) => {
      layer.momentum = momenta[i];
    });
  }
  return layers.length;
}
