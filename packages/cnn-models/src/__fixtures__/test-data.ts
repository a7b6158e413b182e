import { subsetDataset, type DigitDataset } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createLeNet5 } from '../models/lenet5.js';
import { seededDropout } from '../models/seeded-dropout.js';

/** First `count` examples of the real MNIST training set, starting at `start`. */
export async function mnistSlice(start: number, count: number, split: 'train' | 'test' = 'train'): Promise<DigitDataset> {
  const data = await loadMnist({ limit: { train: split === 'train' ? start + count : 1, test: split === 'test' ? start + count : 1 } });
  return subsetDataset(data[split], Array.from({ length: count }, (_, i) => start + i));
}

/**
 * A model small enough to train in seconds on the given backend: a dense network on cpu (the cpu backend's
 * convolution gradients run at a few images per second), LeNet-5 on wasm. `dropout` > 0 adds a `SeededDropout`
 * before the last dense layer (the models of the reproducibility tests).
 */
export function smallModel(backend: string, seed: number, { dropout = 0 }: { dropout?: number } = {}): tfl.LayersModel {
  if (backend === 'wasm') return createLeNet5({ seed, dropout });
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [28, 28, 1] }),
      tfl.layers.dense({ units: 32, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      ...(dropout > 0 ? [seededDropout({ rate: dropout, seed: seed + 2 })] : []),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** All weights of a model as plain arrays. */
export async function weightValues(model: tfl.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => Float32Array.from(await w.read().data())));
}

/** Largest absolute difference between two lists of arrays. */
export function maxAbsDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let max = 0;
  a.forEach((x, i) => {
    for (let j = 0; j < x.length; j++) max = Math.max(max, Math.abs(x[j] - b[i][j]));
  });
  return max;
}

export { tf };
