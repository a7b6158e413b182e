import { createRng } from '@digitkit/core';
import { solveBinarySvmDual } from '../linear/dual-coordinate-descent.js';
import { logisticBlockLossAndGradient } from '../linear/logistic-blocks.js';

/**
 * What a solver worker runs: the message loop, given the kernels. Kept free of imports and outer names — the
 * worker gets its source text (`String(fn)`) with the kernels passed in as arguments.
 */
function solverWorkerMain(
  port: { on(event: 'message', listener: (message: Record<string, never>) => void): void; postMessage(message: unknown, transfer?: ArrayBuffer[]): void },
  solve: typeof solveBinarySvmDual,
  logisticBlock: typeof logisticBlockLossAndGradient,
  rng: typeof createRng,
): void {
  port.on('message', (message: Record<string, never>) => {
    const job = message as unknown as { type: string; id: number; [key: string]: unknown };
    try {
      if (job.type === 'binary-svm') {
        const { rows, norms, members, signs, settings, seed } = job as unknown as {
          rows: Parameters<typeof solveBinarySvmDual>[0];
          norms: Float64Array;
          members: Int32Array;
          signs: Int8Array;
          settings: Omit<Parameters<typeof solveBinarySvmDual>[4], 'random'>;
          seed: number;
        };
        const solution = solve(rows, norms, members, signs, { ...settings, random: rng(seed) });
        port.postMessage({ type: 'done', id: job.id, result: solution }, [solution.w.buffer as ArrayBuffer]);
      } else if (job.type === 'logistic-blocks') {
        const { padded, k, start, index, value, labels, count, blockRows, next, endBlock, partials, blockLosses } = job as unknown as {
          padded: Float64Array;
          k: number;
          start: Int32Array;
          index: Int32Array;
          value: Float64Array;
          labels: Int32Array;
          count: number;
          blockRows: number;
          next: Int32Array;
          endBlock: number;
          partials: Float64Array;
          blockLosses: Float64Array;
        };
        const size = padded.length;
        // Blocks are claimed one at a time from the shared counter (the calling thread claims too), so the threads
        // finish together whatever each block costs; each block still has its own slot, so the sums do not change.
        for (let b = Atomics.add(next, 0, 1); b < endBlock; b = Atomics.add(next, 0, 1)) {
          const r0 = b * blockRows;
          const r1 = Math.min(count, r0 + blockRows);
          blockLosses[b] = logisticBlock(padded, k, start, index, value, labels, r0, r1, partials.subarray(b * size, (b + 1) * size));
        }
        port.postMessage({ type: 'done', id: job.id, result: null });
      } else {
        throw new TypeError(`expected a job of type 'binary-svm' or 'logistic-blocks', got ${JSON.stringify(job.type)}`);
      }
    } catch (error) {
      const thrown = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'error', id: job.id, name: thrown.name, message: thrown.message, stack: thrown.stack });
    }
  });
}

/**
 * The worker's source text (for `new Worker(source, { eval: true })`): the same functions the main thread runs.
 * `__name` is esbuild's `keepNames` helper (tsx turns it on): a transformed function may call it, so it is defined
 * here as a no-op.
 */
export function solverWorkerSource(): string {
  return [
    `'use strict';`,
    `const __name = (target) => target;`,
    `const { parentPort } = require('node:worker_threads');`,
    `(${String(solverWorkerMain)})(parentPort, (${String(solveBinarySvmDual)}), (${String(logisticBlockLossAndGradient)}), (${String(createRng)}));`,
  ].join('\n');
}
