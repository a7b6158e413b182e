import { DigitKitError, IntegrityError, checkString } from '@digitkit/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { MODEL_JSON, fileSystemHandler } from './file-system-handler.js';

/**
 * Loads a model saved by {@link saveModel} (or any tfjs layers model folder: `model.json` + weight files),
 * quantized or not. Before tfjs builds anything, the files are checked: the manifest's sizes against the files on
 * disk (a huge declared shape is refused before a byte is read), the SHA-256 recorded by `saveModel` (folders saved
 * without one still load), finite weights, and topology sizes that fit the weights. tfjs then decodes and
 * dequantizes the weights itself.
 *
 * @param path - The model folder or the path of its `model.json`.
 * @returns The model (not compiled; use it with `predictProbabilities`/`evaluateModel` or train it).
 * @throws FileSystemError when a file is missing or unreadable (naming it and the fix); IntegrityError when a file
 *   is not what was written: malformed `model.json`, truncated or changed weights (checksum), NaN/Infinity weights,
 *   a topology that does not match its weights.
 */
export async function loadModel(path: string): Promise<tfl.LayersModel> {
  checkString('loadModel', 'path', path);
  const handler = fileSystemHandler(path);
  try {
    return await tfl.loadLayersModel(handler);
  } catch (error) {
    if (DigitKitError.isInstance(error)) throw error;
    const modelPath = path.endsWith('.json') ? path : join(path, MODEL_JSON);
    throw new IntegrityError({
      functionName: 'loadModel',
      file: modelPath,
      expected: 'a tfjs layers model whose topology matches its weights',
      found: `tfjs refused it (${String((error as Error)?.message ?? error).slice(0, 240)})`,
      fix: 'the file is damaged or was written by another program: save the model again',
      cause: error,
    });
  }
}
