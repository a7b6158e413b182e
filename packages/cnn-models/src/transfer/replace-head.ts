import { checkInteger, checkOptions, describeValue } from '@digitkit/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { modelDataShape } from '../training/assert-model.js';

/** Options of {@link replaceHead}. */
export interface ReplaceHeadOptions {
  /** Classes of the new head. Required. */
  numClasses: number;
  /** Seed of the new head's Glorot-uniform initialization. Default: random. */
  seed?: number;
  /** Name of the new Dense layer. Default `'head_<numClasses>'`. */
  name?: string;
}

const FN = 'replaceHead';

/**
 * A new model with the same base and a new classifier head: the input of `model`'s last layer (which must be a
 * Dense layer, the usual softmax classifier) feeds a fresh `Dense(numClasses, softmax)`.
 *
 * The base layers are shared with `model`, not copied: training the new model changes `model`'s base too (clone
 * the source model first — e.g. load it again — when both are needed).
 *
 * @param model - A `tf.LayersModel` mapping `[N, rows, cols, 1]` images to `[N, C]` probabilities.
 * @param options - `numClasses` (required), `seed`, `name`.
 * @returns A functional `tf.LayersModel` with output `[N, numClasses]`.
 * @throws TypeError when the last layer is not Dense or the options are wrong.
 */
export function replaceHead(model: tfl.LayersModel, options: ReplaceHeadOptions): tfl.LayersModel {
  modelDataShape(FN, model);
  if (options === undefined || options === null) throw new TypeError(`${FN}: expected options { numClasses }, got ${describeValue(options)}`);
  checkOptions(FN, options, ['numClasses', 'seed', 'name']);
  const numClasses = checkInteger(FN, 'options.numClasses', options.numClasses, { min: 2 });
  if (options.seed !== undefined) checkInteger(FN, 'options.seed', options.seed, { min: 0 });
  const last = model.layers[model.layers.length - 1];
  if (last.getClassName() !== 'Dense') {
    throw new TypeError(`${FN}: expected the model's last layer to be a Dense classifier, got ${last.getClassName()} '${last.name}'`);
  }
  const features = last.input;
  if (Array.isArray(features)) throw new TypeError(`${FN}: expected the last layer to have a single input`);
  const head = tfl.layers.dense({
    units: numClasses,
    activation: 'softmax',
    name: options.name ?? `head_${numClasses}`,
    kernelInitializer: tfl.initializers.glorotUniform(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const outputs = head.apply(features) as tfl.SymbolicTensor;
  return tfl.model({ inputs: model.inputs, outputs });
}
