import { IntegrityError } from '@digitkit/core';
import { jsonToState, type ClassicModelJson, type ModelState } from '../serialization/model-json.js';
import { linearSupportVectorMachineFromState, type LinearSupportVectorMachineModel } from './linear-support-vector-machine.js';
import { logisticRegressionFromState, type LogisticRegressionModel } from './logistic-regression.js';

/** Restores a linear model state; `undefined` for another kind. */
export function linearModelFromState(state: ModelState): LogisticRegressionModel | LinearSupportVectorMachineModel | undefined {
  if (state.kind === 'logistic-regression') return logisticRegressionFromState(state);
  if (state.kind === 'linear-support-vector-machine') return linearSupportVectorMachineFromState(state);
  return undefined;
}

/**
 * Restores a logistic regression or linear SVM from its `toJSON()` (no tfjs needed; `classicModelFromJson` of the
 * main entry restores every kind).
 *
 * @throws IntegrityError for malformed JSON or another model kind.
 */
export function linearModelFromJson(json: ClassicModelJson): LogisticRegressionModel | LinearSupportVectorMachineModel {
  const state = jsonToState('linearModelFromJson', json);
  const model = linearModelFromState(state);
  if (model === undefined) {
    throw new IntegrityError({
      functionName: 'linearModelFromJson',
      file: 'model JSON',
      expected: "kind 'logistic-regression' or 'linear-support-vector-machine'",
      found: `kind '${state.kind}'`,
      fix: "use classicModelFromJson from '@digitkit/classic-models'",
    });
  }
  return model;
}
