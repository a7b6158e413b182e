import { describeValue, type DigitDataset } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Checks that `model` is a single-input, single-output `tf.LayersModel` with an image input `[null, rows, cols,
 * 1]` and a `[null, numClasses]` output, and returns those sizes.
 *
 * @throws TypeError when it is not such a model.
 */
export function modelDataShape(functionName: string, model: unknown): { rows: number; cols: number; numClasses: number } {
  const candidate = model as Partial<tfl.LayersModel> | null;
  if (candidate == null || typeof candidate.apply !== 'function' || !Array.isArray(candidate.inputs) || !Array.isArray(candidate.weights)) {
    throw new TypeError(`${functionName}: expected a tf.LayersModel, got ${describeValue(model)}`);
  }
  const checked = model as tfl.LayersModel;
  if (checked.inputs.length !== 1 || checked.outputs.length !== 1) {
    throw new TypeError(
      `${functionName}: expected a model with one input and one output, got ${checked.inputs.length} and ${checked.outputs.length}`,
    );
  }
  const inShape = checked.inputs[0].shape;
  const outShape = checked.outputs[0].shape;
  if (inShape.length !== 4 || typeof inShape[1] !== 'number' || typeof inShape[2] !== 'number' || inShape[3] !== 1) {
    throw new TypeError(`${functionName}: expected a model input of shape [null, rows, cols, 1], got ${JSON.stringify(inShape)}`);
  }
  if (outShape.length !== 2 || typeof outShape[1] !== 'number') {
    throw new TypeError(`${functionName}: expected a model output of shape [null, numClasses], got ${JSON.stringify(outShape)}`);
  }
  return { rows: inShape[1], cols: inShape[2], numClasses: outShape[1] };
}

/**
 * Checks that `model` (see {@link modelDataShape}) takes the `[N, rows, cols, 1]` images of `data` and produces
 * `[N, numClasses]` scores.
 *
 * @throws TypeError for a non-model, RangeError when the shapes do not match the data.
 */
export function assertModelMatchesData(
  functionName: string,
  model: tfl.LayersModel,
  data: Pick<DigitDataset, 'rows' | 'cols' | 'numClasses'>,
): void {
  const shape = modelDataShape(functionName, model);
  if (shape.rows !== data.rows || shape.cols !== data.cols) {
    throw new RangeError(
      `${functionName}: expected a model input of shape [null, ${data.rows}, ${data.cols}, 1] for the data, got ${JSON.stringify(model.inputs[0].shape)}`,
    );
  }
  if (shape.numClasses !== data.numClasses) {
    throw new RangeError(
      `${functionName}: expected a model output of shape [null, ${data.numClasses}], got ${JSON.stringify(model.outputs[0].shape)}`,
    );
  }
}
