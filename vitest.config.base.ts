import { defineConfig } from 'vitest/config';

/** The one test configuration of every digitkit package: tests next to the code, generous timeouts for tfjs. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
