import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { updateEarlyStopping } from './early-stopping.js';
import { cloneModelWeights } from './model-weights.js';
import { updateReduceLrOnPlateau } from './reduce-lr-on-plateau.js';
import type { TrainingSettings } from './resolve-training-settings.js';
import type { EpochLog } from './training-history.js';
import type { TrainingState } from './training-state.js';

/**
 * Runs early stopping and LR-on-plateau on a finished epoch's log (Keras order), updating `state`: their states,
 * the learning rate, and a copy of the weights when the epoch is the best so far and best weights are restored.
 *
 * @returns Whether early stopping asks to stop.
 */
export function applyEpochCallbacks(model: tfl.LayersModel, settings: TrainingSettings, state: TrainingState, log: EpochLog): boolean {
  let stop = false;
  const { earlyStopping, plateau } = settings;
  if (earlyStopping && state.earlyStopping) {
    const update = updateEarlyStopping(state.earlyStopping, log.epoch, log[earlyStopping.monitor] as number, earlyStopping);
    state.earlyStopping = update.state;
    stop = update.stop;
    if (update.improved && earlyStopping.restoreBestWeights) {
      tf.dispose(state.bestWeights ?? []);
      state.bestWeights = cloneModelWeights(model);
    }
  }
  if (plateau && state.plateau) {
    const update = updateReduceLrOnPlateau(state.plateau, log[plateau.monitor] as number, state.learningRate, plateau);
    state.plateau = update.state;
    state.learningRate = update.learningRate;
  }
  return stop;
}

/** Best epoch: early stopping's pick, else the lowest validation loss, else undefined. */
export function pickBestEpoch(state: TrainingState, settings: TrainingSettings): number | undefined {
  const earlyStoppingBest = settings.earlyStopping ? state.earlyStopping?.bestEpoch : undefined;
  if (earlyStoppingBest != null) return earlyStoppingBest;
  let best: number | undefined;
  let bestLoss = Infinity;
  for (const e of state.history.epochs) {
    if (e.valLoss !== undefined && e.valLoss < bestLoss) {
      bestLoss = e.valLoss;
      best = e.epoch;
    }
  }
  return best;
}
