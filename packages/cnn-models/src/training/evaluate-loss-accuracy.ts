import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { batchOrder, type ExampleSource } from './example-source.js';

/**
 * Mean categorical cross-entropy and accuracy of the model on all examples of `source`, in inference mode
 * (dropout off, BatchNorm moving statistics), `batchSize` examples per forward pass. Checks `signal` between
 * passes.
 */
export async function evaluateLossAccuracy(
  model: tfl.LayersModel,
  source: ExampleSource,
  batchSize: number,
  signal?: { aborted: boolean },
): Promise<{ loss: number; accuracy: number } | undefined> {
  let lossSum = 0;
  let correct = 0;
  for (const indices of batchOrder(source.count, batchSize, undefined)) {
    if (signal?.aborted) return undefined;
    const { xs, ys } = source.batch(indices);
    try {
      const sums = tf.tidy(() => {
        const predictions = model.apply(xs, { training: false }) as tf.Tensor2D;
        return tf.stack([
          tf.sum(categoricalCrossentropy(ys, predictions)),
          tf.sum(tf.cast(tf.equal(tf.argMax(predictions, -1), tf.argMax(ys, -1)), 'float32')),
        ]);
      });
      const [l, c] = await sums.data();
      sums.dispose();
      lossSum += l;
      correct += c;
    } finally {
      tf.dispose([xs, ys]);
    }
  }
  return { loss: lossSum / source.count, accuracy: correct / source.count };
}
