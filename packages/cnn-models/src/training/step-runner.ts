import type * as tf from '@tensorflow/tfjs-core';
import type { OptimizerState } from './optimizer-state.js';

/** Result of one training step. */
export interface StepResult {
  /** Mean loss of the batch (before the update). */
  loss: number;
  /** Correctly classified examples of the batch (`NaN` when the runner cannot count them). */
  correct: number;
}

/**
 * Executes training steps for the engine: in this thread (`createLocalStepRunner`) or over worker threads
 * (`createParallelStepRunner`). The engine owns the epochs, batches, schedules, callbacks and checkpoints.
 */
export interface StepRunner {
  /**
   * One optimizer step on `xs` `[B, rows, cols, 1]` / `ys` `[B, C]` at `learningRate`; does not dispose them.
   * `step` is the global step count (the dropout masks of the local runner derive from it).
   */
  step(xs: tf.Tensor4D, ys: tf.Tensor2D, learningRate: number, step: number): Promise<StepResult>;
  /** Makes the model's weights current (the parallel runner copies them from its workers). */
  sync(): Promise<void>;
  /** The optimizer's state for a checkpoint. */
  readOptimizerState(): Promise<OptimizerState>;
  /** Releases the optimizer (when owned) or the workers. */
  dispose(): Promise<void>;
}
