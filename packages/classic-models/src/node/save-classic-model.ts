import { checkString } from '@digitkit/core';
import { sha256, writeFileAtomic } from '@digitkit/core/node';
import { join } from 'node:path';
import type { ClassicModel } from '../classic-model-from-json.js';
import { encodeClassicModel } from '../serialization/encode-classic-model.js';

/** File names inside a saved model's folder. */
export const CLASSIC_MODEL_JSON = 'model.json';
export const CLASSIC_WEIGHTS_BIN = 'weights.bin';

/** What {@link saveClassicModel} wrote. */
export interface SavedClassicModelInfo {
  /** Path of `model.json` (manifest with the weights' SHA-256). */
  modelPath: string;
  /** Path of `weights.bin`. */
  weightsPath: string;
  /** Bytes of `weights.bin` (the model size on disk, manifest aside). */
  weightBytes: number;
  /** SHA-256 of `weights.bin`. */
  sha256: string;
}

/**
 * Saves a model to a folder as `model.json` (manifest: kind, config, array layout, `weightsSha256`) and
 * `weights.bin`, each written atomically (weights first, so a manifest always describes complete weights).
 *
 * @throws TypeError for a bad argument, FileSystemError when the folder cannot be written.
 */
export async function saveClassicModel(model: ClassicModel, dir: string): Promise<SavedClassicModelInfo> {
  const functionName = 'saveClassicModel';
  if (typeof (model as { toJSON?: unknown })?.toJSON !== 'function') {
    throw new TypeError(`${functionName}: expected a model of @digitkit/classic-models, got ${model === null ? 'null' : typeof model}`);
  }
  checkString(functionName, 'dir', dir);
  const { manifest, weights } = encodeClassicModel(model);
  const digest = sha256(weights);
  const modelPath = join(dir, CLASSIC_MODEL_JSON);
  const weightsPath = join(dir, CLASSIC_WEIGHTS_BIN);
  await writeFileAtomic(weightsPath, weights, { functionName });
  await writeFileAtomic(modelPath, `${JSON.stringify({ ...manifest, weightsSha256: digest }, null, 2)}\n`, { functionName });
  return { modelPath, weightsPath, weightBytes: weights.length, sha256: digest };
}
