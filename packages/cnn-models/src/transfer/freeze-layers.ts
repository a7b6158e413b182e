import { checkInteger, checkOptions, describeValue } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { modelDataShape } from '../training/assert-model.js';

/** Options of {@link freezeLayers}: exactly one of `upTo` and `names`. */
export interface FreezeLayersOptions {
  /** Freeze `model.layers[0..upTo]` (an index, or the name of the last layer to freeze), inclusive. */
  upTo?: number | string;
  /** Freeze exactly the layers with these names. */
  names?: readonly string[];
}

const FN = 'freezeLayers';

/**
 * Sets which layers train: the selected layers get `trainable = false` and every other layer `trainable = true`,
 * so one call fully defines the state (`trainClassifier` and `fineTune` then update only `model.trainableWeights`).
 *
 * Note: a frozen BatchNormalization layer keeps its scale and offset, but tfjs still updates its moving mean and
 * variance when it is run in training mode.
 *
 * @example
 * ```ts
 * freezeLayers(model, { upTo: model.layers.length - 2 }); // everything but the classifier head
 * ```
 * @param model - A `tf.LayersModel`.
 * @param options - `upTo` (index or layer name, inclusive) or `names`.
 * @returns The names of the frozen layers, in model order.
 * @throws TypeError/RangeError for bad options or a layer name the model does not have.
 */
export function freezeLayers(model: tfl.LayersModel, options: FreezeLayersOptions): string[] {
  modelDataShape(FN, model);
  if (options === undefined || options === null) throw new TypeError(`${FN}: expected options { upTo } or { names }, got ${describeValue(options)}`);
  checkOptions(FN, options, ['upTo', 'names']);
  if ((options.upTo === undefined) === (options.names === undefined)) {
    throw new TypeError(`${FN}: expected exactly one of options.upTo and options.names`);
  }
  const layerNames = model.layers.map((layer) => layer.name);
  const frozen = new Set<number>();
  if (options.upTo !== undefined) {
    const last = typeof options.upTo === 'string'
      ? indexOfLayer(layerNames, options.upTo, 'options.upTo')
      : checkInteger(FN, 'options.upTo', options.upTo, { min: -1, max: layerNames.length - 1 });
    for (let i = 0; i <= last; i++) frozen.add(i);
  } else {
    if (!Array.isArray(options.names)) throw new TypeError(`${FN}: expected options.names to be an array of layer names, got ${describeValue(options.names)}`);
    options.names.forEach((name, i) => frozen.add(indexOfLayer(layerNames, name, `options.names[${i}]`)));
  }
  model.layers.forEach((layer, i) => {
    layer.trainable = !frozen.has(i);
  });
  return layerNames.filter((_, i) => frozen.has(i));
}

function indexOfLayer(layerNames: string[], name: unknown, what: string): number {
  const index = typeof name === 'string' ? layerNames.indexOf(name) : -1;
  if (index < 0) throw new RangeError(`${FN}: expected ${what} to be the name of a layer (${layerNames.join(', ')}), got ${describeValue(name)}`);
  return index;
}
