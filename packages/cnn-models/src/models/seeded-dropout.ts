import { createRng, deriveSeed } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Configuration of {@link SeededDropout} (Keras' `Dropout` arguments). */
export interface SeededDropoutArgs {
  /** Fraction of the units to drop, in [0, 1). */
  rate: number;
  /** Shape of the keep/drop mask, broadcast over the input; `null` entries take the input's size. Default: the input's shape. */
  noiseShape?: Array<number | null> | null;
  /** Base seed of the masks (32-bit integer). Default: drawn once at construction (and saved with the model). */
  seed?: number | null;
  /** Layer name. */
  name?: string;
  /** Input shape when the layer is the first of a sequential model. */
  inputShape?: Array<number | null>;
  /** Batch input shape. */
  batchInputShape?: Array<number | null>;
  /** Layer is trainable (it has no weights). */
  trainable?: boolean;
}

/**
 * Inverted dropout (Keras' `Dropout`: in training mode each unit is zeroed with probability `rate` and the others
 * are multiplied by `1 / (1 − rate)`; at inference the input is returned unchanged) whose mask is a **pure function
 * of a seed, a step and a call counter**, never of `Math.random`.
 *
 * tfjs-layers' own `Dropout` draws its mask with `tf.randomUniform`, seeded from `Math.random()` when it has no
 * `seed`, and with one fixed seed (the same mask for every batch) when it has one. This layer draws the mask for a
 * training call from `createRng(deriveSeed(base, step, call))`, where `base` is the seed set by
 * {@link setDropoutStream} (the training engine: `deriveSeed(run seed, 6, layer position)`) or else the layer's
 * `seed`, `step` the optimizer step set by the engine, and `call` the training calls since that step began (a
 * second forward pass in one step gets another mask). The mask is computed on the CPU, so it is the same on every
 * backend.
 *
 * Registered with `tf.serialization` as `'SeededDropout'` (importing `@digitkit/cnn-models` registers it), so a
 * saved model loads with `tf.loadLayersModel`; `loadModel` also turns the stock `'Dropout'` of older files into
 * this layer.
 */
export class SeededDropout extends tfl.layers.Layer {
  /** @nocollapse */
  static className = 'SeededDropout';
  /** Fraction dropped. */
  readonly rate: number;
  /** Mask shape (`null` = the input's size). */
  readonly noiseShape: Array<number | null> | null;
  /** Base seed used when no stream is set. */
  readonly seed: number;
  /** Seed of the current stream (set by {@link setDropoutStream}); `undefined` = the layer's `seed`. */
  streamSeed: number | undefined = undefined;
  /** Step of the current stream. */
  step = 0;
  /** Training calls since the step was set. */
  calls = 0;
  /** Serialize as tfjs' stock `Dropout` (for worker replicas that do not know this class). Internal. */
  serializeAsStockDropout = false;

  constructor(args: SeededDropoutArgs) {
    const { rate, noiseShape, seed, ...base } = args ?? ({} as SeededDropoutArgs);
    super(base);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate >= 1) {
      throw new RangeError(`SeededDropout: expected rate to be a number in [0, 1), got ${String(rate)}`);
    }
    if (noiseShape != null && (!Array.isArray(noiseShape) || noiseShape.some((d) => d !== null && (!Number.isInteger(d) || d < 1)))) {
      throw new TypeError(`SeededDropout: expected noiseShape to be an array of positive integers or null, got ${JSON.stringify(noiseShape)}`);
    }
    if (seed != null && (typeof seed !== 'number' || !Number.isFinite(seed))) {
      throw new TypeError(`SeededDropout: expected seed to be a finite number, got ${String(seed)}`);
    }
    this.rate = rate;
    this.noiseShape = noiseShape ?? null;
    this.seed = seed == null ? Math.floor(Math.random() * 2 ** 32) : seed >>> 0;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return input;
    const seed = deriveSeed(this.streamSeed ?? this.seed, this.step, this.calls);
    this.calls += 1;
    const shape = this.maskShape(input.shape);
    const mask = dropoutMask(shape.reduce((a, b) => a * b, 1), this.rate, seed);
    return tf.tidy(() => tf.mul(input, tf.tensor(mask, shape, 'float32')));
  }

  private maskShape(inputShape: number[]): number[] {
    if (this.noiseShape === null) return inputShape;
    if (this.noiseShape.length !== inputShape.length) {
      throw new RangeError(`SeededDropout: expected noiseShape of rank ${inputShape.length}, got [${this.noiseShape.join(', ')}]`);
    }
    return this.noiseShape.map((d, i) => {
      const size = d ?? inputShape[i];
      if (size !== 1 && size !== inputShape[i]) {
        throw new RangeError(`SeededDropout: noiseShape [${this.noiseShape!.join(', ')}] does not broadcast to the input [${inputShape.join(', ')}]`);
      }
      return size;
    });
  }

  override getClassName(): string {
    return this.serializeAsStockDropout ? 'Dropout' : SeededDropout.className;
  }

  override getConfig(): tf.serialization.ConfigDict {
    // the stock Dropout with a seed would reuse one mask: a stock copy gets none
    const own: tf.serialization.ConfigDict = this.serializeAsStockDropout
      ? { rate: this.rate, noiseShape: this.noiseShape }
      : { rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
    return { ...own, ...super.getConfig() };
  }
}
tf.serialization.registerClass(SeededDropout);

/** Registers {@link SeededDropout} with `tf.serialization` (idempotent; importing the package already does). */
export function registerSeededDropout(): void {
  tf.serialization.registerClass(SeededDropout);
}

/**
 * The keep/drop multipliers of one call: `count` values, each `0` with probability `rate` (a uniform draw
 * `u < rate` of `createRng(seed)`) and `fround(1 / (1 − rate))` otherwise.
 */
export function dropoutMask(count: number, rate: number, seed: number): Float32Array {
  const next = createRng(seed);
  const scale = Math.fround(1 / (1 - rate));
  const mask = new Float32Array(count);
  for (let i = 0; i < count; i++) mask[i] = next() < rate ? 0 : scale;
  return mask;
}

/** A {@link SeededDropout} layer (like `tfl.layers.dropout`). */
export function seededDropout(args: SeededDropoutArgs): SeededDropout {
  return new SeededDropout(args);
}

/** The {@link SeededDropout} layers of a model, nested models included, in `model.layers` order. */
export function seededDropoutLayers(model: tfl.LayersModel): SeededDropout[] {
  const found: SeededDropout[] = [];
  const visit = (layers: tfl.layers.Layer[]): void => {
    for (const layer of layers) {
      if (layer instanceof SeededDropout) found.push(layer);
      else if (Array.isArray((layer as unknown as { layers?: unknown }).layers)) visit((layer as unknown as tfl.LayersModel).layers);
    }
  };
  visit(model.layers);
  return found;
}

/**
 * Points every {@link SeededDropout} layer of `model` at one mask stream: layer `i` (in `model.layers` order)
 * draws its masks from `deriveSeed(seed, i)`, for optimizer step `step`, and its call counter restarts at 0. The
 * training engine calls this before every step with `(deriveSeed(run seed, 6), step)`, so the masks depend on the
 * run's seed, the layer and the step only — and a resumed run (the step is in the checkpoint) replays them.
 *
 * @returns The number of seeded dropout layers.
 */
export function setDropoutStream(model: tfl.LayersModel, seed: number, step: number): number {
  const layers = seededDropoutLayers(model);
  layers.forEach((layer, i) => {
    layer.streamSeed = deriveSeed(seed, i);
    layer.step = step;
    layer.calls = 0;
  });
  return layers.length;
}

/**
 * Runs `body` while the {@link SeededDropout} layers of `model` serialize as tfjs' stock `Dropout` without a seed
 * (for worker replicas built with `tf.models.modelFromJSON` in threads that do not know this class).
 */
export async function withStockDropoutTopology<T>(model: tfl.LayersModel, body: () => Promise<T>): Promise<T> {
  const layers = seededDropoutLayers(model);
  layers.forEach((layer) => (layer.serializeAsStockDropout = true));
  try {
    return await body();
  } finally {
    layers.forEach((layer) => (layer.serializeAsStockDropout = false));
  }
}

/**
 * A copy of a tfjs layers-model topology (`model.json`'s `modelTopology`) in which every stock `Dropout` layer
 * (`{ class_name: 'Dropout' }` of Keras files, `{ className: 'Dropout' }` of tfjs ones) is a {@link SeededDropout}
 * with the same `rate`, `noiseShape` and `name` — how `loadModel` reads models saved before this layer existed.
 * A stock layer whose `rate` is outside [0, 1) (tfjs clamps it and then skips dropout) stays stock, so a file tfjs
 * loads still loads. Other values are returned unchanged.
 */
export function upgradeStockDropout<T>(topology: T): T {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = visit(item);
    for (const key of ['className', 'class_name']) {
      const rate = (out['config'] as { rate?: unknown } | null)?.rate;
      if (out[key] === 'Dropout' && typeof rate === 'number' && rate >= 0 && rate < 1) out[key] = SeededDropout.className;
    }
    return out;
  };
  return visit(topology) as T;
}
