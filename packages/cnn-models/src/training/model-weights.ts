import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SerializedTensor } from './checkpoint-store.js';

/** Copies of all model weights (trainable and not), in `model.weights` order; the caller disposes them. */
export function cloneModelWeights(model: tfl.LayersModel): tf.Tensor[] {
  return model.weights.map((w) => tf.keep(w.read().clone()));
}

/** Writes tensors into the model's weights (in `model.weights` order); checks count and shapes first. */
export function assignModelWeights(model: tfl.LayersModel, values: readonly tf.Tensor[], functionName: string): void {
  const weights = model.weights;
  if (weights.length !== values.length) {
    throw new RangeError(`${functionName}: expected ${weights.length} weight tensors for the model, got ${values.length}`);
  }
  weights.forEach((w, i) => {
    if (!tf.util.arraysEqual(w.shape as number[], values[i].shape)) {
      throw new RangeError(
        `${functionName}: weight ${i} (${w.name}) expected shape [${w.shape.join(', ')}], got [${values[i].shape.join(', ')}]`,
      );
    }
  });
  tf.tidy(() => weights.forEach((w, i) => w.write(values[i].clone())));
}

/** Reads tensors into plain memory (copies). */
export async function serializeTensors(named: ReadonlyArray<{ name: string; tensor: tf.Tensor }>): Promise<SerializedTensor[]> {
  const out: SerializedTensor[] = [];
  for (const { name, tensor } of named) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
      throw new TypeError(`serializeTensors: expected float32 or int32 tensor '${name}', got ${tensor.dtype}`);
    }
    const data = await tensor.data();
    out.push({
      name,
      shape: tensor.shape.slice(),
      dtype: tensor.dtype,
      values: tensor.dtype === 'int32' ? Int32Array.from(data as Int32Array) : Float32Array.from(data as Float32Array),
    });
  }
  return out;
}

/** Makes tensors from serialized values (the caller disposes them). */
export function deserializeTensors(serialized: readonly SerializedTensor[]): Array<{ name: string; tensor: tf.Tensor }> {
  return serialized.map((s) => ({ name: s.name, tensor: tf.tensor(s.values, s.shape, s.dtype) }));
}

/** Serializes all model weights. */
export async function serializeModelWeights(model: tfl.LayersModel): Promise<SerializedTensor[]> {
  return serializeTensors(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
}
