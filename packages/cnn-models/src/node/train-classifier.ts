import type { ExampleInput } from '../training/example-source.js';
import { checkOptions, closestName, describeValue } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { trainClassifier as trainUniversal, type TrainClassifierOptions } from '../training/train-classifier.js';
import { TRAIN_CLASSIFIER_OPTION_KEYS } from '../training/train-classifier-options.js';
import type { TrainingHistory } from '../training/training-history.js';
import { createFileCheckpointStore } from './file-checkpoint-store.js';

/** Options of the Node `trainClassifier`: the universal options plus `checkpointDir`. */
export interface NodeTrainClassifierOptions extends TrainClassifierOptions {
  /**
   * Folder for per-epoch checkpoints (`createFileCheckpointStore`). When it holds a checkpoint, training resumes
   * from it (unless `resume: false`): epoch, weights, optimizer slots, callback states and the seed's streams.
   */
  checkpointDir?: string;
}

/**
 * `trainClassifier` with file-system checkpoints: the same function as the universal entry's, plus the
 * `checkpointDir` option. A run killed (or aborted with `signal`) resumes where its last finished epoch left off.
 */
export async function trainClassifier(
  model: tfl.LayersModel,
  trainData: ExampleInput,
  options: NodeTrainClassifierOptions = {},
): Promise<TrainingHistory> {
  if (options == null || typeof options !== 'object') {
    throw new TypeError(`trainClassifier: expected options to be an object, got ${describeValue(options)}`);
  }
  // The universal entry checks its own keys; a near miss of checkpointDir is named here, where it is known.
  const known = [...TRAIN_CLASSIFIER_OPTION_KEYS, 'checkpointDir'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key) && closestName(key, ['checkpointDir']) !== undefined) checkOptions('trainClassifier', { [key]: true }, known);
  }
  const { checkpointDir, ...rest } = options;
  if (checkpointDir === undefined) return trainUniversal(model, trainData, rest);
  if (typeof checkpointDir !== 'string' || checkpointDir.length === 0) {
    throw new TypeError(`trainClassifier: expected checkpointDir to be a folder path, got ${describeValue(checkpointDir)}`);
  }
  if (rest.checkpoint !== undefined) {
    throw new TypeError('trainClassifier: pass either checkpointDir or checkpoint, not both');
  }
  return trainUniversal(model, trainData, { ...rest, checkpoint: createFileCheckpointStore(checkpointDir) });
}
