import type { SerializedTensor } from '../training/checkpoint-store.js';
import type { SemiSupervisedHistory } from './semi-supervised-history.js';
import { createMemoryStore } from '../training/memory-store.js';

/** Everything {@link trainSemiSupervised} needs to continue a run where it stopped (written after every evaluation). */
export interface SemiSupervisedCheckpoint {
  /** Format tag. */
  format: 'digitkit-semi-supervised-checkpoint';
  /** Format version (1). */
  version: 1;
  /** Optimizer steps done. */
  step: number;
  /** The run reached its last step. */
  finished: boolean;
  /** Settings the run depends on; a resume with other ones is refused (`MismatchError`). */
  settings: Record<string, number | string | boolean>;
  /** History so far. */
  history: SemiSupervisedHistory;
  /** All model weights, in `model.weights` order. */
  modelWeights: SerializedTensor[];
  /** The exponential moving average of the weights, or null when `emaDecay` is 0. */
  emaWeights: SerializedTensor[] | null;
  /** The weights of the best validation evaluation so far (what the run returns), or null before the first. */
  bestWeights: SerializedTensor[] | null;
  /** The current self-training set (unlabelled image indices and their pseudo-labels), or null. */
  pseudoLabelled: { indices: number[]; labels: number[] } | null;
  /** Adam's slots (`optimizer.getWeights()`). */
  optimizerWeights: SerializedTensor[] | null;
  /** Adam's running β powers (see `trainClassifier`'s checkpoints). */
  optimizerScalars: Record<string, number> | null;
}

/** Where {@link trainSemiSupervised} keeps its checkpoint (memory, files, IndexedDB…). */
export interface SemiSupervisedCheckpointStore {
  /** The last saved checkpoint, or `undefined` when there is none. */
  load(): Promise<SemiSupervisedCheckpoint | undefined>;
  /** Replaces the stored checkpoint atomically. */
  save(checkpoint: SemiSupervisedCheckpoint): Promise<void>;
  /** Where it is kept, for messages. Optional. */
  readonly location?: string;
}

/** A {@link SemiSupervisedCheckpointStore} in memory (deep copies); `saves` counts the writes. */
export function createMemorySemiSupervisedStore(): SemiSupervisedCheckpointStore & { readonly saves: number } {
  return createMemoryStore<SemiSupervisedCheckpoint>();
}
