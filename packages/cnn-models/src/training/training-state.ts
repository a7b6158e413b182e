import type * as tf from '@tensorflow/tfjs-core';
import type { EarlyStoppingState } from './early-stopping.js';
import type { OptimizerState } from './optimizer-state.js';
import type { ReduceLrOnPlateauState } from './reduce-lr-on-plateau.js';
import type { TrainingHistory } from './training-history.js';

/** The mutable state of one training run between steps (what a checkpoint holds, plus live tensors). */
export interface TrainingState {
  /** Seed of the run (the caller's, the checkpoint's or a random one). */
  seed: number;
  /** Current learning rate before the schedule (changed by LR-on-plateau). */
  learningRate: number;
  /** Global step count. */
  step: number;
  /** Epochs finished. */
  epochsCompleted: number;
  /** History so far. */
  history: TrainingHistory;
  /** Early-stopping state, when configured. */
  earlyStopping: EarlyStoppingState | null;
  /** LR-on-plateau state, when configured. */
  plateau: ReduceLrOnPlateauState | null;
  /** Weights of the best epoch (kept tensors, owned by the run), for `restoreBestWeights`. */
  bestWeights: tf.Tensor[] | null;
  /** Optimizer state to restore before the first step (from a checkpoint), or null. */
  optimizerState: OptimizerState | null;
}
