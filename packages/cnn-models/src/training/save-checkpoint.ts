import type * as tfl from '@tensorflow/tfjs-layers';
import type { CheckpointStore } from './checkpoint-store.js';
import { serializeModelWeights, serializeTensors } from './model-weights.js';
import type { OptimizerState } from './optimizer-state.js';
import type { TrainingState } from './training-state.js';
import type { TrainingCheckpoint } from './checkpoint-store.js';

/**
 * Writes the checkpoint of a finished epoch: model weights (with BatchNorm statistics), optimizer slots and
 * hidden scalars, callback states, step, history, seed, and the best weights when they are kept.
 */
export async function saveCheckpoint(
  store: CheckpointStore,
  model: tfl.LayersModel,
  state: TrainingState,
  optimizer: OptimizerState,
  settings: TrainingCheckpoint['settings'],
  finished: boolean,
): Promise<void> {
  const { bestWeights } = state;
  await store.save({
    format: 'digitkit-training-checkpoint',
    version: 1,
    epochsCompleted: state.epochsCompleted,
    finished,
    seed: state.seed,
    settings,
    step: state.step,
    learningRate: state.learningRate,
    earlyStopping: state.earlyStopping,
    reduceLrOnPlateau: state.plateau,
    history: state.history,
    modelWeights: await serializeModelWeights(model),
    optimizerWeights: optimizer.weights,
    optimizerScalars: optimizer.scalars,
    bestWeights: bestWeights
      ? await serializeTensors(bestWeights.map((tensor, i) => ({ name: model.weights[i].originalName, tensor })))
      : null,
  });
}
