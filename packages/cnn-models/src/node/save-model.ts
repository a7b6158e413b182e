import { checkOneOf, checkOptions, checkString, describeValue } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import type { WeightQuantization } from '../persistence/quantize-weights.js';
import { MODEL_JSON, WEIGHTS_BIN, fileSystemHandler } from './file-system-handler.js';

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /**
   * Quantize float32 weights: `'float16'` (half the size, relative error ≤ 2^-11) or `'uint8'` (a quarter,
   * affine per tensor). Default: none (float32). tfjs's loaders dequantize either on load.
   */
  quantize?: WeightQuantization;
}

const OPTION_KEYS = ['quantize'] as const;

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
 * `tf.loadLayersModel` from a URL in browsers and with {@link loadModel} in Node), each written atomically
 * (temp file + fsync + rename). `model.json` also records the SHA-256 of `weights.bin` (`weightsSha256`, ignored by
 * tfjs), which {@link loadModel} verifies. Temp files left in the folder by a killed save are removed. Works
 * without tfjs-node.
 *
 * @param model - The model to save (topology and weights; the optimizer state is not saved).
 * @param dir - Target folder, created when missing; existing files are replaced.
 * @param options - `quantize` (default none). Closed: an unknown key is a TypeError naming it.
 * @throws FileSystemError naming the file, the problem and a fix (no space left, read-only folder, a path under a
 *   file…).
 */
export async function saveModel(model: tfl.LayersModel, dir: string, options: SaveModelOptions = {}): Promise<SavedModelInfo> {
  if (model == null || typeof (model as { save?: unknown }).save !== 'function') {
    throw new TypeError(`saveModel: expected model to be a tf.LayersModel, got ${describeValue(model)}`);
  }
  checkString('saveModel', 'dir', dir);
  const { quantize } = checkOptions('saveModel', options, OPTION_KEYS);
  if (quantize !== undefined) checkOneOf('saveModel', 'options.quantize', quantize, ['float16', 'uint8'] as const);
  const result = await model.save(fileSystemHandler(dir, { quantize }));
  return {
    modelPath: join(dir, MODEL_JSON),
    weightsPath: join(dir, WEIGHTS_BIN),
    weightBytes: result.modelArtifactsInfo.weightDataBytes ?? 0,
    ...(quantize ? { quantize } : {}),
  };
}
