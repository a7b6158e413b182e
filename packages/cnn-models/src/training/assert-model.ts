import type { DigitDataset } from '@digitkit/mnist-data';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../models/model-options';

/**
 * Checks that `model` is a single-input, single-output `tf.LayersModel` taking `[N, rows, cols, 1]` images of
 * `data` and producing `[N, numClasses]` scores.
 */
export function assertModelMatchesData(
  functionName: string,
  model: tfl.LayersModel,
  data: Pick<DigitDataset, 'rows' | 'cols' | 'numClasses'>,
): void {
  const candidate = model as Partial<tfl.LayersModel> | null;
  if (candidate == null || typeof candidate.apply !== 'function' || !Array.isArray(candidate.inputs) || !Array.isArray(candidate.weights)) {
    throw new TypeError(`${functionName}: expected a tf.LayersModel, got ${describe(model)}`);
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new TypeError(
      `${functionName}: expected a model with one input and one output, got ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  const inShape = model.inputs[0].shape;
  const expected = [data.rows, data.cols, 1];
  if (inShape.length !== 4 || inShape.slice(1).some((d, i) => d !== null && d !== expected[i])) {
    throw new RangeError(
      `${functionName}: expected a model input of shape [null, ${expected.join(', ')}] for the data, got ${JSON.stringify(inShape)}`,
    );
  }
  const outShape = model.outputs[0].shape;
  if (outShape.length !== 2 || outShape[1] !== data.numClasses) {
    throw new RangeError(
      `${functionName}: expected a model output of shape [null, ${data.numClasses}], got ${JSON.stringify(outShape)}`,
    );
  }
}
