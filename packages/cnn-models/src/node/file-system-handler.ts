import { IntegrityError, checkOneOf, checkOptions, checkString, describeValue } from '@digitkit/core';
import { makeFolder, removeStaleTempFiles, sha256, writeFileAtomic } from '@digitkit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { checkTopologySizes } from '../persistence/check-topology-sizes.js';
import { findNonFiniteWeight } from '../persistence/find-non-finite-weight.js';
import { quantizeWeights, type WeightQuantization } from '../persistence/quantize-weights.js';
import { checkWeightSpecs } from '../persistence/weight-specs.js';
import { fileSystemFailure } from './file-system-failure.js';
import { readVerifiedFile } from './read-verified-file.js';

/** File name of the model topology and weights manifest. */
export const MODEL_JSON = 'model.json';
/** File name of the weights. */
export const WEIGHTS_BIN = 'weights.bin';
/** Largest `model.json` {@link fileSystemHandler} reads (64 MiB): the topology and manifest, never the weights. */
export const MAX_MODEL_JSON_BYTES = 64 * 2 ** 20;

/** Most weight files one `model.json` may list (tfjs shards are 4 MB: 16 GB). */
const MAX_WEIGHT_FILES = 4096;

/** Options of {@link fileSystemHandler}. */
export interface FileSystemHandlerOptions {
  /** Quantize float32 weights when saving (see `quantizeWeights`). Default: none (float32). */
  quantize?: WeightQuantization;
}

const OPTION_KEYS = ['quantize'] as const;
const SAVE = 'saveModel';
const LOAD = 'loadModel';
const DAMAGED_FIX = 'the file is damaged or was changed: save the model again or restore the folder from a backup';
const MISSING_FIX = 'check the path: a folder written by saveModel holds model.json and weights.bin';

/**
 * `model.json` as {@link fileSystemHandler} writes it: the standard tfjs layers-model JSON plus `weightsSha256`,
 * the SHA-256 of each weights file keyed by its manifest path (tfjs's loaders ignore the extra field).
 */
type DigitKitModelJson = tf.io.ModelJSON & { weightsSha256?: Record<string, string> };

/**
 * A tfjs `IOHandler` over a folder of the file system, without tfjs-node: `save` writes `weights.bin` then
 * `model.json` (each atomically: temp file + fsync + rename) in the standard tfjs layers-model format, with the
 * SHA-256 of `weights.bin` recorded in `model.json` (`weightsSha256`); stale temp files of killed writes are
 * removed first. `load` checks everything before tfjs sees it: the manifest (known dtypes, sizes that fit the files
 * on disk — huge declared shapes are refused before a byte is read), the checksum (when recorded; folders saved
 * without one still load), finite weights (NaN/Infinity refused), and topology sizes that fit the weights; tfjs then
 * decodes (and dequantizes) the weights itself.
 *
 * Use with `model.save(fileSystemHandler(dir))` and `tf.loadLayersModel(fileSystemHandler(dir))`.
 *
 * @param path - The model folder, or the path of its `model.json`.
 * @param options - `quantize` (default none). Closed: an unknown key is a TypeError.
 * @throws (from `save`/`load`) FileSystemError naming the file, the problem and a fix; IntegrityError when a file
 *   is not what was written.
 */
export function fileSystemHandler(path: string, options: FileSystemHandlerOptions = {}): tf.io.IOHandler {
  checkString('fileSystemHandler', 'path', path);
  const { quantize } = checkOptions('fileSystemHandler', options, OPTION_KEYS);
  if (quantize !== undefined) checkOneOf('fileSystemHandler', 'options.quantize', quantize, ['float16', 'uint8'] as const);
  const dir = path.endsWith('.json') ? dirname(path) : path;
  const modelPath = path.endsWith('.json') ? path : join(dir, MODEL_JSON);
  return {
    save: (artifacts) => saveArtifacts(artifacts, dir, modelPath, quantize),
    load: () => loadArtifacts(dir, modelPath),
  };
}

async function saveArtifacts(
  artifacts: tf.io.ModelArtifacts,
  dir: string,
  modelPath: string,
  quantize: WeightQuantization | undefined,
): Promise<tf.io.SaveResult> {
  if (!(artifacts.modelTopology && typeof artifacts.modelTopology === 'object' && !(artifacts.modelTopology instanceof ArrayBuffer))) {
    throw new TypeError(`${SAVE}: expected a JSON model topology (a tfjs layers model), got ${describeValue(artifacts.modelTopology)}`);
  }
  let specs = artifacts.weightSpecs ?? [];
  let weights = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  if (quantize) {
    const q = quantizeWeights(specs, weights, quantize);
    specs = q.specs;
    weights = q.data;
  }
  const weightBytes = new Uint8Array(weights);
  const manifestPath = `./${WEIGHTS_BIN}`;
  const modelJson: DigitKitModelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [manifestPath], weights: specs }],
    weightsSha256: { [manifestPath]: sha256(weightBytes) },
  };
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  await makeFolder(dir, { functionName: SAVE }).catch((error: unknown) => {
    throw fileSystemFailure(error, { functionName: SAVE, operation: 'create the folder', path: dir });
  });
  await removeStaleTempFiles(dir).catch((error: unknown) => {
    throw fileSystemFailure(error, { functionName: SAVE, operation: 'read the folder', path: dir });
  });
  for (const [file, data] of [[join(dir, WEIGHTS_BIN), weightBytes], [modelPath, JSON.stringify(modelJson)]] as const) {
    await writeFileAtomic(file, data, { functionName: SAVE, createFolder: false }).catch((error: unknown) => {
      throw fileSystemFailure(error, { functionName: SAVE, operation: 'write', path: file });
    });
  }
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: Buffer.byteLength(JSON.stringify(artifacts.modelTopology)),
      weightSpecsBytes: Buffer.byteLength(JSON.stringify(specs)),
      weightDataBytes: weightBytes.byteLength,
    },
  };
}

async function readModelJson(modelPath: string): Promise<DigitKitModelJson> {
  const failure = (error: unknown) => fileSystemFailure(error, { functionName: LOAD, operation: 'read', path: modelPath, missingFix: MISSING_FIX });
  const info = await stat(modelPath).catch((error: unknown) => {
    throw failure(error);
  });
  const invalid = (expected: string, found: string): never => {
    throw new IntegrityError({ functionName: LOAD, file: modelPath, expected, found, fix: DAMAGED_FIX });
  };
  if (!info.isFile()) invalid('a model.json file', info.isDirectory() ? 'a folder' : 'a special file');
  if (info.size > MAX_MODEL_JSON_BYTES) invalid(`a model.json of at most ${MAX_MODEL_JSON_BYTES} bytes`, `${info.size} bytes`);
  const text = await readFile(modelPath, 'utf8').catch((error: unknown) => {
    throw failure(error);
  });
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(text);
  } catch (error) {
    invalid('JSON', `a parse error (${(error as Error).message})`);
  }
  if (modelJson === null || typeof modelJson !== 'object' || Array.isArray(modelJson)) invalid('a JSON object', describeValue(modelJson));
  const json = modelJson as Partial<DigitKitModelJson>;
  if (json.modelTopology === null || typeof json.modelTopology !== 'object') {
    invalid('a tfjs layers model.json with a modelTopology object', `modelTopology ${describeValue(json.modelTopology)}`);
  }
  if (!Array.isArray(json.weightsManifest)) {
    invalid('weightsManifest to be an array of { paths, weights }', describeValue(json.weightsManifest));
  }
  const checksums = json.weightsSha256;
  if (checksums !== undefined && (checksums === null || typeof checksums !== 'object' || Object.values(checksums).some((v) => typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)))) {
    invalid('weightsSha256 to map weight paths to 64 hex digits', describeValue(checksums));
  }
  return json as DigitKitModelJson;
}

async function loadArtifacts(dir: string, modelPath: string): Promise<tf.io.ModelArtifacts> {
  const modelJson = await readModelJson(modelPath);
  const invalid = (expected: string, found: string): never => {
    throw new IntegrityError({ functionName: LOAD, file: modelPath, expected, found, fix: DAMAGED_FIX });
  };
  const root = resolve(dir);
  let realRoot: string | undefined;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const files: Array<{ file: string; manifestPath: string; bytes: number }> = [];
  let groupIndex = 0;
  for (const group of modelJson.weightsManifest) {
    if (group === null || typeof group !== 'object' || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string')) {
      invalid(`weightsManifest[${groupIndex}] to be { paths: string[], weights }`, describeValue(group));
    }
    if (files.length + group.paths.length > MAX_WEIGHT_FILES) invalid(`at most ${MAX_WEIGHT_FILES} weight files`, 'more in weightsManifest');
    const checked = checkWeightSpecs(LOAD, modelPath, group.weights);
    specs.push(...checked.specs);
    // Each group's bytes are its files concatenated: sizes come from disk, before anything is read.
    let groupBytes = 0;
    for (const manifestPath of group.paths) {
      const file = resolve(dir, manifestPath);
      if (file === root || !file.startsWith(root + sep)) {
        invalid(`weight paths inside ${dir}`, `${JSON.stringify(manifestPath)}, which points outside`);
      }
      const info = await stat(file).catch((error: unknown) => {
        throw fileSystemFailure(error, { functionName: LOAD, operation: 'read', path: file, missingFix: MISSING_FIX });
      });
      // a symbolic link inside the folder must not lead outside it either
      realRoot ??= await realpath(root);
      const real = await realpath(file);
      if (!real.startsWith(realRoot + sep)) invalid(`weight paths inside ${dir}`, `${JSON.stringify(manifestPath)}, a link to ${real}`);
      files.push({ file, manifestPath, bytes: info.size });
      groupBytes += info.size;
    }
    if (groupBytes !== checked.totalBytes) {
      const names = group.paths.map((p) => resolve(dir, p)).join(', ');
      throw new IntegrityError({
        functionName: LOAD,
        file: names || modelPath,
        expected: `${checked.totalBytes} bytes of weights (from the manifest in ${modelPath})`,
        found: `${groupBytes} bytes${groupBytes < checked.totalBytes ? ' (truncated)' : ''}`,
        fix: DAMAGED_FIX,
      });
    }
    groupIndex += 1;
  }
  const weightValues = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1), 0);
  checkTopologySizes(LOAD, modelPath, modelJson.modelTopology, weightValues);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const data = new Uint8Array(total);
  let offset = 0;
  for (const { file, manifestPath, bytes } of files) {
    const recorded = modelJson.weightsSha256;
    const checksum = recorded?.[manifestPath];
    if (recorded !== undefined && checksum === undefined) {
      invalid(`a SHA-256 in weightsSha256 for every weights file`, `none for ${JSON.stringify(manifestPath)}`);
    }
    const content = await readVerifiedFile(file, {
      functionName: LOAD,
      expectedBytes: bytes,
      describedBy: modelPath,
      sha256: checksum,
      fix: DAMAGED_FIX,
      missingFix: MISSING_FIX,
    });
    data.set(content, offset);
    offset += content.byteLength;
  }
  const nonFinite = findNonFiniteWeight(specs, data);
  if (nonFinite !== undefined) {
    throw new IntegrityError({
      functionName: LOAD,
      file: files.map((f) => f.file).join(', '),
      expected: 'finite weights',
      found: nonFinite,
      fix: 'the model diverged in training or the file is damaged: train again or restore it from a backup',
    });
  }
  return tf.io.getModelArtifactsForJSON(modelJson, async () => [specs, data.buffer]);
}

