import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.base.js';

// The CLI tests run the built binary (global setup builds it) and small trainings: longer timeouts.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ['src/test-support/global-setup.ts'],
      testTimeout: 300_000,
      hookTimeout: 300_000,
    },
  }),
);
