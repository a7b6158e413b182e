import { createModel, type ModelName } from '@digitkit/cnn-models';
import { createFileCheckpointStore, loadModel } from '@digitkit/cnn-models/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `<run>/run.json` as import-run and import-ensemble read it. */
export interface RunJson {
  command: string;
  config: { model: ModelName; seed: number; splitSeed?: number; validationFraction: number; limit: number | null; epochs: number; batchNormMomentum: number };
}

/** A run folder, read: its recipe, its model and what the import records about it. */
export interface ImportedRun {
  dir: string;
  run: RunJson;
  /** The weights to ship (float32, on the active backend). */
  model: tfl.LayersModel;
  /** The recipe for the info: run.json's command with `--out <run-folder>`, and a note when it stopped early. */
  command: string;
  /** The validation split the run was selected on (`splitTrainValidation`, stratified). */
  split: { seed: number; fraction: number };
  /** validation.json's trainingSeconds (train-recognizer runs), else null. */
  recordedTrainingSeconds: number | null;
}

/**
 * Reads a run folder: run.json, `<run>/model` (cnn-models' loadModel: checksums verified) or, with
 * `fromCheckpoint`, the best-validation weights of `<run>/checkpoint` (a run stopped before its last epoch).
 *
 * @throws Error for a run trained on a `--limit` subset, unless `allowSubset` (smoke imports in tests).
 */
export async function readRun(functionName: string, dir: string, options: { fromCheckpoint?: boolean; allowSubset?: boolean } = {}): Promise<ImportedRun> {
  const run = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunJson;
  if (run.config.limit !== null && !options.allowSubset) {
    throw new Error(`${functionName}: ${dir} trained on a --limit ${run.config.limit} subset; ship only full runs`);
  }
  let stoppedNote = '';
  let model: tfl.LayersModel;
  if (options.fromCheckpoint) {
    const checkpoint = await createFileCheckpointStore(join(dir, 'checkpoint')).load();
    if (!checkpoint) throw new Error(`${functionName}: ${dir}/checkpoint holds no finished epoch`);
    const weights = checkpoint.bestWeights ?? checkpoint.modelWeights;
    model = createModel(run.config.model, { seed: run.config.seed, batchNormMomentum: run.config.batchNormMomentum });
    model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape, w.dtype)));
    const bestEpoch = checkpoint.bestWeights ? ` (best validation epoch kept)` : '';
    stoppedNote = ` — stopped after epoch ${checkpoint.epochsCompleted} of ${run.config.epochs}, weights from its checkpoint${bestEpoch}`;
  } else {
    model = await loadModel(join(dir, 'model'));
  }
  // A train-recognizer run records its epochs and the chosen one in validation.json; say so when it stopped early.
  const trained = await readFile(join(dir, 'validation.json'), 'utf8').then(
    (text) => JSON.parse(text) as { epochs: { epoch: number }[]; bestEpoch: number | null; trainingSeconds?: number },
    () => undefined,
  );
  if (!options.fromCheckpoint && trained && trained.epochs.length < run.config.epochs) {
    stoppedNote = ` — stopped after epoch ${trained.epochs.length} of ${run.config.epochs}; epoch ${trained.bestEpoch} chosen on validation`;
  }
  return {
    dir,
    run,
    model,
    command: run.command.replace(/--out \S+/, '--out <run-folder>') + stoppedNote,
    split: { seed: run.config.splitSeed ?? run.config.seed, fraction: run.config.validationFraction },
    recordedTrainingSeconds: typeof trained?.trainingSeconds === 'number' ? trained.trainingSeconds : null,
  };
}
