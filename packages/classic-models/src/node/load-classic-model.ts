import { checkString, FileSystemError, IntegrityError } from '@digitkit/core';
import { sha256 } from '@digitkit/core/node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassicModel } from '../classic-model-from-json.js';
import { decodeClassicModel } from '../serialization/encode-classic-model.js';
import type { ClassicModelManifest } from '../serialization/model-json.js';
import { CLASSIC_MODEL_JSON, CLASSIC_WEIGHTS_BIN } from './save-classic-model.js';

/**
 * Loads a model saved by `saveClassicModel` from its folder, verifying the weights' SHA-256 against the manifest.
 *
 * @throws FileSystemError when a file cannot be read; IntegrityError when `model.json` is not valid JSON or not a
 *   classic model, when the checksum does not match (`loadClassicModel: <dir>/weights.bin: expected SHA-256 … (from
 *   model.json), got …`) or the sizes disagree.
 */
export async function loadClassicModel(dir: string): Promise<ClassicModel> {
  const functionName = 'loadClassicModel';
  checkString(functionName, 'dir', dir);
  const modelPath = join(dir, CLASSIC_MODEL_JSON);
  const weightsPath = join(dir, CLASSIC_WEIGHTS_BIN);
  const read = (path: string) =>
    readFile(path).catch((error: unknown) => {
      throw FileSystemError.from(error, { functionName, operation: 'read', path });
    });
  const text = (await read(modelPath)).toString('utf8');
  let manifest: ClassicModelManifest;
  try {
    manifest = JSON.parse(text) as ClassicModelManifest;
  } catch (error) {
    throw new IntegrityError({ functionName, file: modelPath, expected: 'valid JSON', found: 'unparsable text', cause: error });
  }
  const weights = new Uint8Array(await read(weightsPath));
  const digest = sha256(weights);
  if (typeof manifest?.weightsSha256 !== 'string' || manifest.weightsSha256 !== digest) {
    throw new IntegrityError({
      functionName,
      file: weightsPath,
      expected: `SHA-256 ${String(manifest?.weightsSha256)} (from ${CLASSIC_MODEL_JSON})`,
      found: `SHA-256 ${digest}`,
      fix: 'save the model again or restore both files from the same save',
    });
  }
  try {
    return decodeClassicModel(manifest, weights);
  } catch (error) {
    if (error instanceof IntegrityError) {
      throw new IntegrityError({ functionName, file: modelPath, expected: error.expected, found: error.found, cause: error });
    }
    throw error;
  }
}
