import { IntegrityError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { classicModelFromJson } from './classic-model-from-json.js';
import { fitKNearestNeighbors } from './k-nearest-neighbors.js';
import { fitLinearSupportVectorMachine } from './linear/linear-support-vector-machine.js';
import { fitLogisticRegression } from './linear/logistic-regression.js';
import { fitPca } from './pca.js';
import { fitSupportVectorMachine } from './support-vector-machine.js';

const tiny = {
  images: Uint8Array.from({ length: 4 * 4 }, (_, i) => (i * 37) % 256),
  labels: Uint8Array.from([0, 1, 0, 1]),
  count: 4,
  rows: 2,
  cols: 2,
  numClasses: 2,
};

describe('options are closed and checked before any work', () => {
  it('an unknown key is a TypeError naming it, with a suggestion', async () => {
    await tf.setBackend('cpu');
    expect(() => fitKNearestNeighbors(tiny, { kk: 3 } as never)).toThrow(/unknown option options\.kk \(did you mean k\?\)/);
    expect(() => fitLogisticRegression(tiny, { maxIteration: 3 } as never)).toThrow(/options\.maxIteration \(did you mean maxIterations\?\)/);
    expect(() => fitLinearSupportVectorMachine(tiny, { c: 1 } as never)).toThrow(TypeError);
    await expect(fitSupportVectorMachine(tiny, { approximation: { componets: 3 } } as never)).rejects.toThrow(
      /unknown option options\.approximation\.componets \(did you mean components\?\)/,
    );
    await expect(fitPca(tiny, { whitening: true } as never)).rejects.toThrow(/options\.whitening/);
  });

  it('bad values are TypeError/RangeError in the one message format', async () => {
    expect(() => fitKNearestNeighbors(tiny, { k: 5 })).toThrow(/fitKNearestNeighbors: expected options.k to be at most the 4 training examples, got 5/);
    expect(() => fitKNearestNeighbors(tiny, { k: 0 })).toThrow(RangeError);
    expect(() => fitKNearestNeighbors(tiny, { metric: 'manhattan' as never })).toThrow(
      "fitKNearestNeighbors: expected options.metric to be one of 'euclidean', 'cosine', got the string \"manhattan\"",
    );
    expect(() => fitLogisticRegression(tiny, { C: 1, l2: 1 })).toThrow(/C or options.l2, got both/);
    expect(() => fitLogisticRegression({ ...tiny, labels: Uint8Array.from([0, 1, 0, 2]) })).toThrow(RangeError);
    expect(() => fitLogisticRegression({ features: { values: new Float32Array(5), count: 2, numFeatures: 2 }, labels: [0, 1], numClasses: 2 })).toThrow(
      /expected data.features.values to have 4 entries/,
    );
    await expect(fitSupportVectorMachine(tiny, { gamma: -1 })).rejects.toThrow(RangeError);
    await expect(fitSupportVectorMachine(tiny, { kernel: 'linear', gamma: 1 })).rejects.toThrow(TypeError);
    const model = fitLogisticRegression(tiny, { maxIterations: 2 });
    await expect(model.predictProbabilities({ values: new Float32Array(3), count: 1, numFeatures: 3 })).rejects.toThrow(/expected 4 features per example, got 3/);
  });

  it('features that are not finite (or, for k-NN, beyond 1e15) are a RangeError naming the row and feature', async () => {
    const bad = Float32Array.from([0, 1, 2, 3, 4, NaN, 6, 7]);
    const labelled = { features: { values: bad, count: 2, numFeatures: 4 }, labels: [0, 1], numClasses: 2 };
    expect(() => fitLogisticRegression(labelled)).toThrow('fitLogisticRegression: expected data.features.values to hold finite values, got NaN at row 1, feature 1');
    expect(() => fitKNearestNeighbors(labelled)).toThrow(/expected data.features.values to hold finite values, got NaN at row 1, feature 1/);
    const model = fitKNearestNeighbors(tiny, { k: 1 });
    await expect(model.predict({ values: Float32Array.from([0, 0, Infinity, 0]), count: 1, numFeatures: 4 })).rejects.toThrow(/got Infinity at row 0, feature 2/);
    await expect(model.predict({ values: Float64Array.from([0, -1e20, 0, 0]), count: 1, numFeatures: 4 })).rejects.toThrow(
      /KNearestNeighborsModel.kneighbors: expected input to hold finite values of magnitude at most 1000000000000000, got -100000000000000000000 at row 0, feature 1/,
    );
    const tensor = tf.tensor2d([[0, 0, 0, NaN]]);
    await expect(fitLogisticRegression(tiny, { maxIterations: 2 }).predict(tensor)).rejects.toThrow(/expected input to hold finite values, got NaN at row 0, feature 3/);
    tensor.dispose();
  });

  it('malformed JSON is an IntegrityError', () => {
    const json = fitLogisticRegression(tiny, { maxIterations: 2 }).toJSON();
    expect(() => classicModelFromJson({ ...json, formatVersion: 2 as 1 })).toThrow(IntegrityError);
    expect(() => classicModelFromJson({ ...json, arrays: { ...json.arrays, bias: { ...json.arrays.bias, base64: 'AAAA' } } })).toThrow(
      /expected 16 bytes for array bias/,
    );
    expect(() => classicModelFromJson({ ...json, kind: 'forest' as never })).toThrow(IntegrityError);
  });
});
