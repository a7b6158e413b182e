import type { Evaluation } from '../linear/lbfgs.js';
import {
  LOGISTIC_BLOCK_ROWS,
  combineLogisticBlocks,
  logisticBlockCount,
  logisticBlockLossAndGradient,
  padLogisticParams,
  paddedClasses,
} from '../linear/logistic-blocks.js';
import type { SparseRows } from '../linear/sparse-rows.js';
import { shared, type SolverWorkers } from './solver-workers.js';

/**
 * The logistic objective with its row blocks shared out between the calling thread and the workers — each thread
 * claims the next unclaimed block from a shared counter until none is left (blocks differ in cost: MNIST's first
 * half of the rows takes ~20 % longer than the second, and the calling thread also combines) — every block into its
 * own slot of a shared buffer, then added in block order by `combineLogisticBlocks`: the same arithmetic as the
 * single-thread `logisticObjective`, so the same bits.
 * Uses `min(workers + 1, blocks)` threads. Memory: the rows are read in place (copied once to `SharedArrayBuffer`s
 * when they are not on them), plus one `[F + 1, kp]` float64 partial gradient per block of 2,048 rows (as
 * `logisticObjective`: 30 × 63 KB for MNIST).
 */
export function parallelLogisticObjective(
  workers: SolverWorkers,
  rows: SparseRows,
  labels: Int32Array,
  k: number,
  l2: number,
): (params: Float64Array) => Promise<Evaluation> {
  const { count, numFeatures } = rows;
  const [start, index, value, sharedLabels] = [shared(rows.start), shared(rows.index), shared(rows.value), shared(labels)];
  const size = (numFeatures + 1) * paddedClasses(k);
  const blocks = logisticBlockCount(count);
  const padded = new Float64Array(new SharedArrayBuffer(size * 8));
  const partials = new Float64Array(new SharedArrayBuffer(blocks * size * 8));
  const blockLosses = new Float64Array(new SharedArrayBuffer(blocks * 8));
  const threads = Math.min(workers.size + 1, blocks);
  const next = new Int32Array(new SharedArrayBuffer(4));
  return async (params) => {
    padLogisticParams(params, numFeatures, k, padded);
    Atomics.store(next, 0, 0);
    const replies: Promise<unknown>[] = [];
    for (let t = 1; t < threads; t++) {
      replies.push(
        workers.run(t - 1, {
          type: 'logistic-blocks',
          padded,
          k,
          start,
          index,
          value,
          labels: sharedLabels,
          count,
          blockRows: LOGISTIC_BLOCK_ROWS,
          next,
          endBlock: blocks,
          partials,
          blockLosses,
        }),
      );
    }
    const all = Promise.all(replies);
    all.catch(() => undefined); // awaited below; this keeps a worker failure from being unhandled if our share throws
    // The calling thread claims blocks too, while the workers run.
    for (let b = Atomics.add(next, 0, 1); b < blocks; b = Atomics.add(next, 0, 1)) {
      const r0 = b * LOGISTIC_BLOCK_ROWS;
      const r1 = Math.min(count, r0 + LOGISTIC_BLOCK_ROWS);
      blockLosses[b] = logisticBlockLossAndGradient(padded, k, start, index, value, sharedLabels, r0, r1, partials.subarray(b * size, (b + 1) * size));
    }
    await all;
    return combineLogisticBlocks(params, partials, blockLosses, numFeatures, k, count, l2);
  };
}
