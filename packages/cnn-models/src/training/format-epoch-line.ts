import type { EpochLog } from './training-history.js';

/**
 * One Keras-style progress line for a finished epoch:
 * `Epoch 1/3 - 157/157 - 12.3s - loss: 0.1234 - acc: 0.9612 - val_loss: 0.0567 - val_acc: 0.9823 - lr: 0.001`.
 * Metrics use four decimals like Keras; the training accuracy is left out when it is unknown (NaN).
 */
export function formatEpochLine(log: EpochLog, epochs: number, stepsPerEpoch: number): string {
  const parts = [`Epoch ${log.epoch}/${epochs}`, `${stepsPerEpoch}/${stepsPerEpoch}`, `${log.seconds.toFixed(1)}s`, `loss: ${log.loss.toFixed(4)}`];
  if (!Number.isNaN(log.accuracy)) parts.push(`acc: ${log.accuracy.toFixed(4)}`);
  if (log.valLoss !== undefined) parts.push(`val_loss: ${log.valLoss.toFixed(4)}`);
  if (log.valAccuracy !== undefined) parts.push(`val_acc: ${log.valAccuracy.toFixed(4)}`);
  parts.push(`lr: ${Number(log.learningRate.toPrecision(4))}`);
  return parts.join(' - ');
}
