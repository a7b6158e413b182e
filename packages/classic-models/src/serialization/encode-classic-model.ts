import type { ClassicModel } from '../classic-model-from-json.js';
import { classicModelFromState } from '../classic-model-from-json.js';
import { binaryToState, jsonToState, stateToBinary, type ClassicModelManifest } from './model-json.js';

/**
 * The binary form of a model: a JSON manifest (config, array dtypes/shapes/offsets) and one weights buffer
 * holding every array. Pure (any environment); `saveClassicModel` of `./node` writes it with a SHA-256.
 */
export function encodeClassicModel(model: ClassicModel): { manifest: ClassicModelManifest; weights: Uint8Array } {
  const json = model.toJSON();
  const state = jsonToState('encodeClassicModel', json);
  const shapes = Object.fromEntries(Object.entries(json.arrays).map(([name, array]) => [name, array.shape]));
  return stateToBinary(state, shapes);
}

/**
 * Restores a model from its binary form (see {@link encodeClassicModel}). It does not verify `weightsSha256`
 * (`loadClassicModel` of `./node` does).
 *
 * @throws IntegrityError when the manifest and the weights do not fit together.
 */
export function decodeClassicModel(manifest: ClassicModelManifest, weights: Uint8Array): ClassicModel {
  return classicModelFromState(binaryToState('decodeClassicModel', manifest, weights));
}
