import { seededDropout, type SeededDropout } from './seeded-dropout.js';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkOptions, deriveSeed, describeValue } from '@digitkit/core';

/** Options every model builder accepts. */
export interface ModelOptions {
  /** Input image shape `[rows, cols, channels]`. Default `[28, 28, 1]` (MNIST, pixels scaled to [0, 1]). */
  inputShape?: [number, number, number];
  /** Number of output classes (units of the final softmax). Default `10`. */
  numClasses?: number;
  /**
   * Seed for the weight initializers, so two models built with the same seed start from identical weights.
   * Dropout masks stay random on purpose (a seeded tfjs dropout layer would reuse one mask for every batch).
   * Default: unseeded (different weights on every call).
   */
  seed?: number;
  /** Dropout rate in `[0, 1)`; each builder documents its default and where the dropout sits. */
  dropout?: number;
  /**
   * Momentum of the BatchNorm moving mean/variance, in `[0, 1)` (models without BatchNorm ignore it). Default
   * `0.99` (Keras). The moving variance starts at 1 and needs a few hundred steps to settle at 0.99; use e.g.
   * `0.9` when training on a few thousand images only.
   */
  batchNormMomentum?: number;
}

/** Every key of {@link ModelOptions} (builders add their own, e.g. LeNet-5's `activation`). */
const MODEL_OPTION_KEYS: readonly string[] = ['inputShape', 'numClasses', 'seed', 'dropout', 'batchNormMomentum'];

/** Options after validation, with defaults filled in. */
export interface ResolvedModelOptions {
  inputShape: [number, number, number];
  numClasses: number;
  seed: number | undefined;
  dropout: number;
  batchNormMomentum: number;
}

/**
 * Validates builder options (closed: an unknown key throws, naming it) and fills in defaults; throws
 * `TypeError`/`RangeError` naming `functionName`.
 * `minSpatial` is the smallest input side the architecture supports.
 */
export function resolveModelOptions(
  functionName: string,
  options: ModelOptions | undefined,
  defaults: { dropout: number; minSpatial: number; extraKeys?: readonly string[] },
): ResolvedModelOptions {
  const opts: ModelOptions = checkOptions(functionName, options ?? undefined, [...MODEL_OPTION_KEYS, ...(defaults.extraKeys ?? [])]);
  const inputShape = opts.inputShape ?? [28, 28, 1];
  if (
    !Array.isArray(inputShape) ||
    inputShape.length !== 3 ||
    !inputShape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw new TypeError(
      `${functionName}: expected inputShape to be [rows, cols, channels] positive integers, got ${describeValue(inputShape)}`,
    );
  }
  if (inputShape[0] < defaults.minSpatial || inputShape[1] < defaults.minSpatial) {
    throw new RangeError(
      `${functionName}: expected input rows and cols >= ${defaults.minSpatial} for this architecture, got ${inputShape[0]}x${inputShape[1]}`,
    );
  }
  const numClasses = opts.numClasses ?? 10;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw new RangeError(`${functionName}: expected numClasses to be an integer >= 2, got ${describeValue(numClasses)}`);
  }
  const dropout = opts.dropout ?? defaults.dropout;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new RangeError(`${functionName}: expected dropout in [0, 1), got ${describeValue(dropout)}`);
  }
  const batchNormMomentum = opts.batchNormMomentum ?? 0.99;
  if (typeof batchNormMomentum !== 'number' || !(batchNormMomentum >= 0 && batchNormMomentum < 1)) {
    throw new RangeError(`${functionName}: expected batchNormMomentum in [0, 1), got ${describeValue(batchNormMomentum)}`);
  }
  const seed = opts.seed;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new TypeError(`${functionName}: expected seed to be a finite number, got ${describeValue(seed)}`);
  }
  return { inputShape: [inputShape[0], inputShape[1], inputShape[2]], numClasses, seed, dropout, batchNormMomentum };
}

/**
 * Hands out per-layer initializer configs: Glorot-uniform kernels (the Keras default the papers used) seeded
 * with `deriveSeed(seed, layerIndex)` when a seed is given, zero biases.
 */
export function createKernelInitializers(
  seed: number | undefined,
): () => ReturnType<typeof tfl.initializers.glorotUniform> {
  let index = 0;
  return () => tfl.initializers.glorotUniform(seed === undefined ? {} : { seed: deriveSeed(seed, index++) });
}


/**
 * Hands out {@link SeededDropout} layers: the k-th gets the base seed `deriveSeed(seed, 0x0d70, k)` when a model
 * seed is given (a random one otherwise); the training engine replaces it by its own stream while training.
 */
export function createDropoutLayers(seed: number | undefined): (rate: number) => SeededDropout {
  let index = 0;
  return (rate) => seededDropout({ rate, seed: seed === undefined ? undefined : deriveSeed(seed, 0x0d70, index++) });
}
