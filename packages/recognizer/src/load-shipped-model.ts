import { IntegrityError, checkOneOf, checkOptions } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { base64ToBytes } from './base64-to-bytes.js';
import { inflateBytes } from './inflate-bytes.js';
import { ModelNotShippedError } from './model-not-shipped-error.js';
import { SHIPPED_MODELS, type DigitRecognizerModel, type ShippedModelInfo } from './shipped-model-info.js';

/** Options of `loadDigitRecognizer`. */
export interface LoadDigitRecognizerOptions {
  /**
   * `'single'` (default): one strong CNN. `'ensemble'`: several CNNs averaged — not shipped in this version
   * (a ModelNotShippedError says so).
   */
  model?: DigitRecognizerModel;
}

const MODELS = ['single', 'ensemble'] as const;

type EmbeddedWeights = typeof import('../weights/single/embedded.cjs');

/**
 * The shipped weights as strings, from `weights/single/embedded.cjs` (the package's one copy of the weights, one
 * CommonJS file for both builds, kept out of the bundles by tsup): a dynamic import, so bundlers put its ~0.39 MB in
 * their own chunk, loaded only when a recognizer is.
 */
async function loadEmbeddedWeights(): Promise<EmbeddedWeights> {
  const module = (await import('../weights/single/embedded.cjs')) as EmbeddedWeights & { default?: EmbeddedWeights };
  return module.default?.MODEL_JSON_DEFLATE_BASE64 === undefined ? module : module.default;
}

/**
 * Loads a shipped model from the weights embedded in the package (no network, no file system): checks the options,
 * decodes the embedded `model.json` + `weights.bin` (base64, then zlib-inflated with `DecompressionStream`), builds the model on the active backend and runs one warm-up
 * prediction. Internal: `loadDigitRecognizer` wraps it.
 */
export async function loadShippedModel(functionName: string, options: LoadDigitRecognizerOptions | undefined): Promise<{ model: tfl.LayersModel; info: ShippedModelInfo }> {
  const checked = checkOptions(functionName, options, ['model']);
  const name = checkOneOf(functionName, 'options.model', checked.model ?? 'single', MODELS);
  if (!SHIPPED_MODELS.includes(name)) {
    throw new ModelNotShippedError({
      functionName,
      model: name,
      shipped: SHIPPED_MODELS,
      fix: "use { model: 'single' }; the ensemble ships once its members are trained and measured (see the README)",
    });
  }
  const embedded = await loadEmbeddedWeights();
  const json = JSON.parse(new TextDecoder().decode(await inflateBytes(functionName, base64ToBytes(embedded.MODEL_JSON_DEFLATE_BASE64)))) as tf.io.ModelJSON;
  const weightData = await inflateBytes(functionName, base64ToBytes(embedded.WEIGHTS_DEFLATE_BASE64));
  if (weightData.byteLength !== embedded.INFO.weightBytes) {
    throw new IntegrityError({
      functionName,
      file: 'the embedded weights of @digitkit/recognizer',
      expected: `${embedded.INFO.weightBytes} bytes`,
      found: `${weightData.byteLength} bytes`,
      fix: 'reinstall @digitkit/recognizer',
    });
  }
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData.buffer as ArrayBuffer,
  };
  const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  // Warm-up: the first prediction compiles or uploads the backend's kernels; do it here, not in the first recognize.
  tf.tidy(() => {
    model.predict(tf.zeros([1, 28, 28, 1]));
  });
  return { model, info: Object.freeze({ ...embedded.INFO, name }) };
}
