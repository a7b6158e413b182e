import * as tf from '@tensorflow/tfjs-core';
import type { SerializedTensor } from './checkpoint-store.js';
import { deserializeTensors, serializeTensors } from './model-weights.js';

/**
 * Scalar variables of tfjs 4.x optimizers that `getWeights()` does not export: Adam's running products of β1 and
 * β2 (`accBeta1`, `accBeta2`). tfjs' `setWeights` recomputes them as `pow(β, t + 1)`, which differs in the last
 * bits from the product the uninterrupted run carries, so a resumed run drifts. Read from tfjs-core 4.x's
 * private fields (checked at run time: absent fields are skipped, and the resume is then not bit-exact).
 */
const HIDDEN_SCALARS = ['accBeta1', 'accBeta2'] as const;

/** Optimizer state for a checkpoint. */
export interface OptimizerState {
  /** `optimizer.getWeights()` (iteration count first, then the slots), or null when unsupported (Adamax). */
  weights: SerializedTensor[] | null;
  /** Hidden scalar variables by field name (see {@link HIDDEN_SCALARS}), or null. */
  scalars: Record<string, number> | null;
}

function hiddenScalars(optimizer: tf.Optimizer): Array<[string, tf.Variable]> {
  if (!tf.version_core.startsWith('4.')) return [];
  const fields = optimizer as unknown as Record<string, unknown>;
  return HIDDEN_SCALARS.flatMap((name) => {
    const value = fields[name];
    return value instanceof tf.Variable && value.rank === 0 && !value.isDisposed ? [[name, value] as [string, tf.Variable]] : [];
  });
}

/** Reads the optimizer's slots and hidden scalars (copies). */
export async function readOptimizerState(optimizer: tf.Optimizer): Promise<OptimizerState> {
  let named: Array<{ name: string; tensor: tf.Tensor }>;
  try {
    named = await optimizer.getWeights();
  } catch {
    return { weights: null, scalars: null };
  }
  let weights: SerializedTensor[];
  try {
    weights = await serializeTensors(named.map((n) => ({ name: n.name, tensor: n.tensor })));
  } finally {
    // The first entry (iteration count) is a fresh scalar; the others are the optimizer's live variables.
    if (named.length > 0) named[0].tensor.dispose();
  }
  const hidden = hiddenScalars(optimizer);
  const scalars: Record<string, number> = {};
  for (const [name, variable] of hidden) scalars[name] = (await variable.data())[0];
  return { weights, scalars: hidden.length > 0 ? scalars : null };
}

/** Puts checkpointed state back into a fresh optimizer: `setWeights`, then the hidden scalars. */
export async function restoreOptimizerState(optimizer: tf.Optimizer, state: OptimizerState): Promise<void> {
  if (state.weights === null) return;
  const named = deserializeTensors(state.weights);
  try {
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
  if (state.scalars === null) return;
  for (const [name, variable] of hiddenScalars(optimizer)) {
    const value = state.scalars[name];
    if (typeof value === 'number') tf.tidy(() => variable.assign(tf.scalar(value, 'float32')));
  }
}
