import type { EarlyStoppingState } from './early-stopping.js';
import type { ReduceLrOnPlateauState } from './reduce-lr-on-plateau.js';
import type { TrainingHistory } from './training-history.js';
import { createMemoryStore } from './memory-store.js';

/** A tensor's values held in plain memory (for checkpoints). */
export interface SerializedTensor {
  /** Variable name when saved (informational; weights are matched by position and shape). */
  name: string;
  /** Tensor shape. */
  shape: number[];
  /** `'float32'` or `'int32'`. */
  dtype: 'float32' | 'int32';
  /** Values, row-major. */
  values: Float32Array | Int32Array;
}

/**
 * Everything needed to continue a training run exactly where it stopped: written by `trainClassifier` after every
 * finished epoch.
 */
export interface TrainingCheckpoint {
  /** Format tag. */
  format: 'digitkit-training-checkpoint';
  /** Format version (1). */
  version: 1;
  /** Epochs finished. */
  epochsCompleted: number;
  /** The run finished (all epochs done or stopped early); resuming returns the history without training. */
  finished: boolean;
  /** Seed of the run; per-epoch shuffle and augmentation seeds are derived from it and the epoch number. */
  seed: number;
  /** Settings the run depends on; a resume with different ones is refused. */
  settings: { batchSize: number; trainCount: number; optimizer: string };
  /** Global step count (batches done). */
  step: number;
  /** Current learning rate (before the schedule when one is used). */
  learningRate: number;
  /** Early stopping state, if configured. */
  earlyStopping: EarlyStoppingState | null;
  /** LR-on-plateau state, if configured. */
  reduceLrOnPlateau: ReduceLrOnPlateauState | null;
  /** History so far. */
  history: TrainingHistory;
  /** All model weights (trainable and BatchNorm statistics) in `model.weights` order. */
  modelWeights: SerializedTensor[];
  /**
   * Optimizer slots (`optimizer.getWeights()`: iteration count first, then e.g. Adam's moments), or `null` when
   * the optimizer does not support `getWeights`/`setWeights` (Adamax); then a resume restarts its moments.
   */
  optimizerWeights: SerializedTensor[] | null;
  /**
   * Optimizer state that `getWeights` leaves out, by field name — Adam's running β powers `accBeta1`/`accBeta2`,
   * which tfjs recomputes as `β^(t+1)` on `setWeights` (not bit-equal to the running product). Restored after
   * `setWeights` so a resume is bit-exact. Absent in older checkpoints.
   */
  optimizerScalars?: Record<string, number> | null;
  /** Weights of the best epoch, kept for `restoreBestWeights`. */
  bestWeights: SerializedTensor[] | null;
}

/** Where `trainClassifier` keeps its checkpoint. `createFileCheckpointStore` (from `./node`) writes files. */
export interface CheckpointStore {
  /** Returns the last saved checkpoint, or `undefined` when there is none. */
  load(): Promise<TrainingCheckpoint | undefined>;
  /** Replaces the stored checkpoint (atomically: a reader sees the old or the new one, never a mix). */
  save(checkpoint: TrainingCheckpoint): Promise<void>;
  /** Where the checkpoint is kept, for messages (the folder of a file store). Optional. */
  readonly location?: string;
  /**
   * What a user does to start over when the stored checkpoint does not fit the run: the fix of the
   * `MismatchError` (e.g. "delete runs/a/checkpoint or choose another output folder to start over"). Optional;
   * the default speaks of `resume: false`.
   */
  readonly startOverHint?: string;
}

/**
 * A checkpoint store in memory (browsers, tests). Saved checkpoints are deep-copied, so later training does not
 * change them.
 */
export function createMemoryCheckpointStore(): CheckpointStore & { readonly saves: number } {
  return createMemoryStore<TrainingCheckpoint>();
}
