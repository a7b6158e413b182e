import { kNearestNeighborsFromState, type KNearestNeighborsModel } from './k-nearest-neighbors.js';
import type { LinearSupportVectorMachineModel } from './linear/linear-support-vector-machine.js';
import { linearModelFromState } from './linear/linear-model-from-json.js';
import type { LogisticRegressionModel } from './linear/logistic-regression.js';
import { pcaFromState, type PcaModel } from './pca.js';
import { jsonToState, type ClassicModelJson, type ModelState } from './serialization/model-json.js';
import { supportVectorMachineFromState, type SupportVectorMachineModel } from './support-vector-machine.js';

/** Any model of this package (the four classifiers and PCA). */
export type ClassicModel =
  | KNearestNeighborsModel
  | SupportVectorMachineModel
  | LogisticRegressionModel
  | LinearSupportVectorMachineModel
  | PcaModel;

/** Restores any model from its state. */
export function classicModelFromState(state: ModelState): ClassicModel {
  switch (state.kind) {
    case 'k-nearest-neighbors':
      return kNearestNeighborsFromState(state);
    case 'support-vector-machine':
      return supportVectorMachineFromState(state);
    case 'pca':
      return pcaFromState(state);
    default:
      return linearModelFromState(state)!;
  }
}

/**
 * Restores any model of this package from its `toJSON()` (also after `JSON.stringify` / `JSON.parse`).
 *
 * @throws IntegrityError for malformed JSON (wrong format, version, kind, array sizes).
 */
export function classicModelFromJson(json: ClassicModelJson): ClassicModel {
  return classicModelFromState(jsonToState('classicModelFromJson', json));
}
