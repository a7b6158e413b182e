import type * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import type { WeightQuantization } from '../persistence/quantize-weights';
import { MODEL_JSON, WEIGHTS_BIN, fileSystemHandler } from './file-system-handler';

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /**
   * Quantize float32 weights: `'float16'` (half the size, relative error ≤ 2^-11) or `'uint8'` (a quarter,
   * affine per tensor). Default: none (float32). tfjs's loaders dequantize either on load.
   */
  quantize?: WeightQuantization;
}

/** What {@link saveModel} wrote. */
export interface SavedModelInfo {
  /** Path of `model.json`. */
  modelPath: string;
  /** Path of `weights.bin`. */
  weightsPath: string;
  /** Bytes of the weights file. */
  weightBytes: number;
  /** Quantization used, if any. */
  quantize?: WeightQuantization;
}

/**
 * Saves a model to a folder as `model.json` + `weights.bin` (the tfjs layers-model format, loadable with
 * `tf.loadLayersModel` from a URL in browsers and with {@link loadModel} in Node), each written atomically.
 * Works without tfjs-node.
 *
 * @param model - The model to save (topology and weights; the optimizer state is not saved).
 * @param dir - Target folder, created when missing; existing files are replaced.
 * @param options - `quantize` (default none).
 */
export async function saveModel(model: tfl.LayersModel, dir: string, options: SaveModelOptions = {}): Promise<SavedModelInfo> {
  if (model == null || typeof (model as { save?: unknown }).save !== 'function') {
    throw new TypeError(`saveModel: expected a tf.LayersModel, got ${model === null ? 'null' : typeof model}`);
  }
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(`saveModel: expected a folder path, got ${typeof dir === 'string' ? 'an empty string' : typeof dir}`);
  }
  if (options == null || typeof options !== 'object') throw new TypeError(`saveModel: expected an options object, got ${String(options)}`);
  const { quantize } = options;
  if (quantize !== undefined && quantize !== 'float16' && quantize !== 'uint8') {
    throw new TypeError(`saveModel: expected quantize 'float16', 'uint8' or undefined, got ${JSON.stringify(quantize)}`);
  }
  const result = await model.save(fileSystemHandler(dir, { quantize }));
  return {
    modelPath: join(dir, MODEL_JSON),
    weightsPath: join(dir, WEIGHTS_BIN),
    weightBytes: result.modelArtifactsInfo.weightDataBytes ?? 0,
    ...(quantize ? { quantize } : {}),
  };
}
