import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.base.js';

// The CLI tests run the built binary (global setup builds it) and small trainings: longer timeouts.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ['src/test-support/global-setup.ts'],
      // The CLI's wasm default is every core (kernel pool + XNNPACK threads); the suite's many concurrent CLI processes
      // run single-threaded instead (children inherit this), and src/cli-threads.test.ts passes --threads 2 itself.
      env: { DIGITKIT_THREADS: '1' },
      testTimeout: 300_000,
      hookTimeout: 300_000,
    },
  }),
);
