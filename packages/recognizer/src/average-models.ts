import * as tfl from '@tensorflow/tfjs-layers';

/**
 * One tfjs layers model whose output is the arithmetic mean of the members' outputs (their softmax probabilities):
 * `[N, 28, 28, 1]` float32 → `[N, 10]`. The members are layers of it — one forward pass runs them all, `predict`
 * and `apply` work inside `tf.tidy` as for any model, and its `dispose()` frees every member's weights. One member
 * is returned as it is. Members must have distinct names (`decodeEmbeddedModel`'s `name`). Internal.
 */
export function averageModels(members: readonly tfl.LayersModel[]): tfl.LayersModel {
  if (members.length === 0) throw new RangeError('averageModels: expected at least one member, got none');
  if (members.length === 1) return members[0];
  const input = tfl.input({ shape: members[0].inputs[0].shape.slice(1) as number[] });
  const outputs = members.map((member) => member.apply(input) as tfl.SymbolicTensor);
  const mean = tfl.layers.average({ name: 'mean_probabilities' }).apply(outputs) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: mean, name: 'ensemble' });
}
