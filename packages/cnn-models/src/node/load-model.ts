import { DigitKitError, IntegrityError, checkString } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { join } from 'node:path';
import { compileModel } from '../models/compile-model.js';
import { registerSeededDropout, upgradeStockDropout } from '../models/seeded-dropout.js';
import { MODEL_JSON, fileSystemHandler } from './file-system-handler.js';

/**
 * Loads a model saved by {@link saveModel} (or any tfjs layers model folder: `model.json` + weight files),
 * quantized or not. Before tfjs builds anything, the files are checked: the manifest's sizes against the files on
 * disk (a huge declared shape is refused before a byte is read), the SHA-256 recorded by `saveModel` (folders saved
 * without one still load), finite weights, and topology sizes that fit the weights. tfjs then builds the model and
 * decodes (and dequantizes) the weights itself; when it refuses them, the variables it had created are disposed.
 *
 * @param path - The model folder or the path of its `model.json`.
 * @returns The model, compiled like `createModel`'s (Adam 1e-3, categorical cross-entropy, accuracy — unless
 *   `model.json` holds a training config) so `model.evaluate` works; `trainClassifier` still picks its own optimizer.
 * @throws FileSystemError when a file is missing or unreadable (naming it and the fix); IntegrityError when a file
 *   is not what was written: malformed `model.json`, truncated or changed weights (checksum), NaN/Infinity weights,
 *   a topology that does not match its weights.
 */
export async function loadModel(path: string): Promise<tfl.LayersModel> {
  checkString('loadModel', 'path', path);
  const artifacts = await fileSystemHandler(path).load!();
  const { weightData, weightSpecs, ...topology } = artifacts;
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  let model: tfl.LayersModel | undefined;
  try {
    // Build from the topology alone, then write the weights in a tidy scope: when tfjs refuses them, nothing it
    // decoded stays behind (its own loader leaks the decoded tensors and the model's variables on that path).
    // stock Dropout layers of older files become SeededDropout (same rate and noise shape, masks from a seed)
    registerSeededDropout();
    model = await tfl.loadLayersModel(tf.io.fromMemory({ ...topology, modelTopology: upgradeStockDropout(topology.modelTopology) }));
    // every weight of the model must come from the files (strict): none is left at its random initial value
    await writeWeights(model, weightData ?? new ArrayBuffer(0), weightSpecs ?? []);
    // like createModel: compiled, so model.evaluate / model.fit work at once (a saved training config wins)
    return model.optimizer == null ? compileModel(model) : model;
  } catch (error) {
    if (model !== undefined) model.dispose();
    else {
      // tfjs failed while building: dispose the variables of the layers it had built (created since `before`)
      for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) {
        if (!before.has(name) && !variable.isDisposed) variable.dispose();
      }
    }
    if (DigitKitError.isInstance(error)) throw error;
    const modelPath = path.endsWith('.json') ? path : join(path, MODEL_JSON);
    throw new IntegrityError({
      functionName: 'loadModel',
      file: modelPath,
      expected: 'a tfjs layers model whose topology matches its weights',
      found: `tfjs refused it (${String((error as Error)?.message ?? error).replace(/\s+/g, " ").slice(0, 240)})`,
      fix: 'the file is damaged or was written by another program: save the model again',
      cause: error,
    });
  }
}

/** Decodes (and dequantizes) the weights with tfjs and assigns them to the model by name, strictly. */
async function writeWeights(model: tfl.LayersModel, data: tf.io.WeightData, specs: tf.io.WeightsManifestEntry[]): Promise<void> {
  const optimizerWeights = tf.tidy(() => {
    const decoded = tf.io.decodeWeights(data, specs);
    const modelWeights: tf.NamedTensorMap = {};
    const optimizer: Array<{ name: string; tensor: tf.Tensor }> = [];
    for (const spec of specs) {
      if (spec.group === 'optimizer') optimizer.push({ name: spec.name, tensor: tf.keep(decoded[spec.name]) });
      else modelWeights[spec.name] = decoded[spec.name];
    }
    model.loadWeights(modelWeights, true);
    return optimizer;
  });
  try {
    if (model.optimizer != null && optimizerWeights.length > 0) await model.optimizer.setWeights(optimizerWeights);
  } finally {
    tf.dispose(optimizerWeights.map((w) => w.tensor));
  }
}
