import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { quantizeWeights, type WeightQuantization } from '../persistence/quantize-weights';
import { writeFileAtomic } from './write-file-atomic';

/** File name of the model topology and weights manifest. */
export const MODEL_JSON = 'model.json';
/** File name of the weights. */
export const WEIGHTS_BIN = 'weights.bin';

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /** Quantize float32 weights when saving (see `quantizeWeights`). Default: none (float32). */
  quantize?: WeightQuantization;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/**
 * A tfjs `IOHandler` over a folder of the file system, without tfjs-node: `save` writes `weights.bin` then
 * `model.json` (each atomically: temp file + rename) in the standard tfjs layers-model format; `load` reads
 * them back and hands tfjs the weights-manifest, so tfjs itself decodes (and dequantizes) the weights.
 *
 * Use with `model.save(fileSystemHandler(dir))` and `tf.loadLayersModel(fileSystemHandler(dir))`.
 *
 * @param path - The model folder, or the path of its `model.json`.
 */
export function fileSystemHandler(path: string, options: FileSystemHandlerOptions = {}): tf.io.IOHandler {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`fileSystemHandler: expected a folder path, got ${typeof path === 'string' ? 'an empty string' : typeof path}`);
  }
  const quantize = options.quantize;
  if (quantize !== undefined && quantize !== 'float16' && quantize !== 'uint8') {
    throw new TypeError(`fileSystemHandler: expected quantize 'float16', 'uint8' or undefined, got ${JSON.stringify(quantize)}`);
  }
  const dir = path.endsWith('.json') ? dirname(path) : path;
  const modelPath = path.endsWith('.json') ? path : join(dir, MODEL_JSON);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (!(artifacts.modelTopology && typeof artifacts.modelTopology === 'object' && !(artifacts.modelTopology instanceof ArrayBuffer))) {
        throw new TypeError('fileSystemHandler.save: expected a JSON model topology (a tfjs layers model)');
      }
      let specs = artifacts.weightSpecs ?? [];
      let weights = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      if (quantize) {
        const q = quantizeWeights(specs, weights, quantize);
        specs = q.specs;
        weights = q.data;
      }
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: specs }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      const text = JSON.stringify(modelJson);
      await writeFileAtomic(modelPath, text);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: Buffer.byteLength(JSON.stringify(artifacts.modelTopology)),
          weightSpecsBytes: Buffer.byteLength(JSON.stringify(specs)),
          weightDataBytes: weights.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      let text: string;
      try {
        text = await readFile(modelPath, 'utf8');
      } catch (error) {
        throw new Error(`loadModel: cannot read ${modelPath}: ${(error as Error).message}`, { cause: error });
      }
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(text) as tf.io.ModelJSON;
      } catch (error) {
        throw new TypeError(`loadModel: expected JSON in ${modelPath}, got a parse error: ${(error as Error).message}`, { cause: error });
      }
      if (modelJson == null || typeof modelJson !== 'object' || modelJson.modelTopology == null) {
        throw new TypeError(`loadModel: expected a tfjs model.json with a modelTopology in ${modelPath}`);
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: Uint8Array[] = [];
        const root = resolve(dir);
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const relative of group.paths) {
            const file = resolve(dir, relative);
            if (file !== root && !file.startsWith(root + sep)) {
              throw new RangeError(`loadModel: weights path ${JSON.stringify(relative)} points outside ${dir}`);
            }
            buffers.push(await readFile(file));
          }
        }
        const expected = specs.reduce(
          (sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * (BYTES[s.quantization?.dtype ?? s.dtype] ?? Number.NaN),
          0,
        );
        const found = buffers.reduce((sum, b) => sum + b.byteLength, 0);
        if (found !== expected) {
          throw new RangeError(`loadModel: expected ${expected} bytes of weights for the manifest in ${modelPath}, got ${found}`);
        }
        const data = new Uint8Array(found);
        let offset = 0;
        for (const b of buffers) {
          data.set(b, offset);
          offset += b.byteLength;
        }
        return [specs, data.buffer];
      });
    },
  };
}

/** Total size in bytes of `model.json` and `weights.bin` in a folder. */
export async function modelFolderBytes(dir: string): Promise<{ modelJson: number; weights: number }> {
  const [a, b] = await Promise.all([stat(join(dir, MODEL_JSON)), stat(join(dir, WEIGHTS_BIN))]);
  return { modelJson: a.size, weights: b.size };
}
