import { definePackageConfig } from '../../tsup.config.base.js';

export default definePackageConfig(
  {
    index: 'src/index.ts',
    node: 'src/node.ts',
    // Entry of the worker threads started by createDataParallelTrainer (./node); loaded by path, not exported.
    'data-parallel-worker': 'src/node/data-parallel-worker.ts',
  },
  // Optional runtime imports of ./node (model replicas and the cpu fallback in workers): never bundled.
  { external: ['@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'] },
);
