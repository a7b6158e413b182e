import { IntegrityError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { base64ToBytes } from './base64-to-bytes.js';
import { inflateBytes } from './inflate-bytes.js';

/**
 * One tfjs layers model as the package embeds it (in `weights/single/embedded.cjs`, and once per member in
 * `weights/ensemble/embedded.cjs`): its `model.json` and `weights.bin`, each zlib-deflated then base64-encoded, and
 * what it is (`INFO`, at least the weights' byte length).
 */
export interface EmbeddedModel<Info extends { weightBytes: number } = { weightBytes: number }> {
  readonly MODEL_JSON_DEFLATE_BASE64: string;
  readonly WEIGHTS_DEFLATE_BASE64: string;
  readonly INFO: Info;
}

/** The topology with the model renamed (members of one ensemble must have distinct names inside it). */
function renamed(topology: object, name: string): object {
  const top = topology as { config?: { name?: string }; model_config?: { config?: { name?: string } } };
  if (top.model_config?.config) return { ...top, model_config: { ...top.model_config, config: { ...top.model_config.config, name } } };
  if (top.config) return { ...top, config: { ...top.config, name } };
  return topology;
}

/**
 * Builds an embedded model on the active backend: base64 → `DecompressionStream('deflate')` → `tf.io.fromMemory` →
 * `tfl.loadLayersModel`. `name` renames the model (an ensemble's members). Internal.
 *
 * @throws IntegrityError when the weights are not the length `INFO.weightBytes` states; UnsupportedEnvironmentError
 *   without `DecompressionStream`.
 */
export async function decodeEmbeddedModel(functionName: string, embedded: EmbeddedModel, file: string, name?: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(new TextDecoder().decode(await inflateBytes(functionName, base64ToBytes(embedded.MODEL_JSON_DEFLATE_BASE64)))) as tf.io.ModelJSON;
  const weightData = await inflateBytes(functionName, base64ToBytes(embedded.WEIGHTS_DEFLATE_BASE64));
  if (weightData.byteLength !== embedded.INFO.weightBytes) {
    throw new IntegrityError({
      functionName,
      file,
      expected: `${embedded.INFO.weightBytes} bytes`,
      found: `${weightData.byteLength} bytes`,
      fix: 'reinstall @digitkit/recognizer',
    });
  }
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: name === undefined ? json.modelTopology : renamed(json.modelTopology, name),
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: weightData.buffer as ArrayBuffer,
    }),
  );
}
