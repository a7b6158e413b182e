import * as tfl from '@tensorflow/tfjs-layers';
import { fileSystemHandler } from './file-system-handler';

/**
 * Loads a model saved by {@link saveModel} (or any tfjs layers model folder: `model.json` + weight files),
 * quantized or not. tfjs decodes and dequantizes the weights itself.
 *
 * @param path - The model folder or the path of its `model.json`.
 * @returns The model (not compiled; use it with `predictProbabilities`/`evaluateModel` or train it).
 * @throws When the files are missing, not a tfjs model, or the weights' size does not match the manifest.
 */
export async function loadModel(path: string): Promise<tfl.LayersModel> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`loadModel: expected a folder or model.json path, got ${typeof path === 'string' ? 'an empty string' : typeof path}`);
  }
  return tfl.loadLayersModel(fileSystemHandler(path));
}
