import { MismatchError } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { DEFAULT_START_OVER_HINT, checkCheckpointMatches } from '../persistence/check-checkpoint-matches.js';
import type { CheckpointStore, TrainingCheckpoint } from './checkpoint-store.js';
import { initialEarlyStoppingState } from './early-stopping.js';
import { assignModelWeights, deserializeTensors } from './model-weights.js';
import { initialReduceLrOnPlateauState } from './reduce-lr-on-plateau.js';
import type { TrainingSettings } from './resolve-training-settings.js';
import type { TrainingState } from './training-state.js';

/** The state of a run that starts from scratch. */
export function freshTrainingState(settings: TrainingSettings): TrainingState {
  return {
    seed: settings.seed ?? Math.floor(Math.random() * 2 ** 32),
    learningRate: settings.baseLearningRate,
    step: 0,
    epochsCompleted: 0,
    history: { epochs: [], stoppedEarly: false },
    earlyStopping: settings.earlyStopping ? initialEarlyStoppingState() : null,
    plateau: settings.plateau ? initialReduceLrOnPlateauState() : null,
    bestWeights: null,
    optimizerState: null,
  };
}

/**
 * Checks that a checkpoint (read once by the caller) fits this run — format, batch size, training-set size,
 * optimizer, seed, the model's weight shapes (a `MismatchError` otherwise) — then writes its weights into the
 * model and returns the run state it holds.
 */
export function restoreCheckpoint(
  functionName: string,
  checkpoint: TrainingCheckpoint,
  model: tfl.LayersModel,
  settings: TrainingSettings,
  trainCount: number,
  store: CheckpointStore,
): TrainingState {
  if (checkpoint?.format !== 'digitkit-training-checkpoint' || checkpoint.version !== 1) {
    throw new MismatchError({
      functionName,
      subject: store.location === undefined ? 'the checkpoint' : `the checkpoint in ${store.location}`,
      expected: 'a digitkit training checkpoint, version 1',
      found: `format ${JSON.stringify(checkpoint?.format)} version ${JSON.stringify(checkpoint?.version)}`,
      fix: store.startOverHint ?? DEFAULT_START_OVER_HINT,
    });
  }
  checkCheckpointMatches(
    functionName,
    checkpoint,
    {
      settings: checkpointSettings(settings, trainCount),
      seed: settings.seed,
      weights: model.weights.map((w) => ({ name: w.originalName, shape: w.shape })),
    },
    store,
  );
  const weights = deserializeTensors(checkpoint.modelWeights).map((n) => n.tensor);
  try {
    assignModelWeights(model, weights, functionName);
  } finally {
    tf.dispose(weights);
  }
  const restoreBest = settings.earlyStopping?.restoreBestWeights === true && checkpoint.bestWeights !== null;
  return {
    seed: checkpoint.seed,
    learningRate: checkpoint.learningRate,
    step: checkpoint.step,
    epochsCompleted: checkpoint.epochsCompleted,
    history: structuredClone(checkpoint.history),
    earlyStopping: settings.earlyStopping ? (checkpoint.earlyStopping ?? initialEarlyStoppingState()) : null,
    plateau: settings.plateau ? (checkpoint.reduceLrOnPlateau ?? initialReduceLrOnPlateauState()) : null,
    bestWeights: restoreBest ? deserializeTensors(checkpoint.bestWeights!).map((n) => tf.keep(n.tensor)) : null,
    optimizerState: { weights: checkpoint.optimizerWeights, scalars: checkpoint.optimizerScalars ?? null },
  };
}

/** The settings a checkpoint records (a resume with different ones is refused). */
export function checkpointSettings(settings: TrainingSettings, trainCount: number): TrainingCheckpoint['settings'] {
  return { batchSize: settings.batchSize, trainCount, optimizer: settings.optimizerName };
}
