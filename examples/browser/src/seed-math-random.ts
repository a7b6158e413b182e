import { createRng } from '@digitkit/core';

/**
 * Makes `Math.random` of this (worker) global a seeded generator. tfjs draws the dropout masks from
 * `tf.randomUniform` without a seed, which seeds itself from `Math.random()`; everything else in a run (initial
 * weights, shuffles, validation split, BatchNorm recalibration batches) takes the run's seed explicitly. Only the
 * training worker calls this, so the page's own `Math.random` is untouched.
 */
export function seedMathRandom(seed: number): void {
  Math.random = createRng(seed ^ 0x5eed);
}
