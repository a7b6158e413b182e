import { MismatchError } from '@digitkit/core';
import type { CheckpointStore, TrainingCheckpoint } from '../training/checkpoint-store.js';

/** What the current run requires of a checkpoint it resumes from. */
export interface CheckpointExpectations {
  /** Settings the run depends on. */
  settings: TrainingCheckpoint['settings'];
  /** The seed the caller asked for, or `undefined` when it takes the checkpoint's. */
  seed: number | undefined;
  /** Name and shape of every model weight, in `model.weights` order. */
  weights: ReadonlyArray<{ name: string; shape: readonly (number | null)[] }>;
}

/** The fix of a checkpoint mismatch when the store does not say how to start over. */
export const DEFAULT_START_OVER_HINT = 'pass resume: false (or another checkpoint store) to start over';

/**
 * Refuses a checkpoint written by a different run setup (batch size, training-set size, optimizer, seed, the
 * model's weight shapes) with a {@link MismatchError} whose fix comes from the store (`store.startOverHint`, e.g.
 * "delete runs/a/checkpoint or choose another output folder to start over" for the file store).
 *
 * @param functionName - Starts the message (e.g. `'trainClassifier'`).
 * @param checkpoint - What the store returned.
 * @param expected - What the current run requires.
 * @param store - Where the checkpoint came from (its `location` and `startOverHint` are used in the message).
 */
export function checkCheckpointMatches(
  functionName: string,
  checkpoint: TrainingCheckpoint,
  expected: CheckpointExpectations,
  store?: Pick<CheckpointStore, 'location' | 'startOverHint'>,
): void {
  const subject = store?.location === undefined ? 'the checkpoint' : `the checkpoint in ${store.location}`;
  const fix = store?.startOverHint ?? DEFAULT_START_OVER_HINT;
  const mismatch = (expectedText: string, foundText: string): never => {
    throw new MismatchError({ functionName, subject, expected: expectedText, found: foundText, fix });
  };
  for (const key of ['batchSize', 'trainCount', 'optimizer'] as const) {
    if (checkpoint.settings?.[key] !== expected.settings[key]) {
      const found = JSON.stringify(checkpoint.settings?.[key]);
      mismatch(`${key} ${JSON.stringify(expected.settings[key])}`, `${key} ${found} in the checkpoint`);
    }
  }
  if (expected.seed !== undefined && expected.seed !== checkpoint.seed) {
    mismatch(`seed ${expected.seed}`, `seed ${checkpoint.seed} in the checkpoint`);
  }
  if (checkpoint.modelWeights.length !== expected.weights.length) {
    mismatch(`${expected.weights.length} weight tensors (the model's)`, `${checkpoint.modelWeights.length} in the checkpoint`);
  }
  expected.weights.forEach((w, i) => {
    const stored = checkpoint.modelWeights[i].shape;
    if (stored.length !== w.shape.length || stored.some((d, j) => d !== w.shape[j])) {
      mismatch(`weight ${i} (${w.name}) of shape [${w.shape.join(', ')}]`, `shape [${stored.join(', ')}] in the checkpoint`);
    }
  });
}
