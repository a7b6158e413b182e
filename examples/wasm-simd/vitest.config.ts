import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.base.js';

// One training run on wasm: a longer timeout than the shared configuration's.
export default mergeConfig(base, defineConfig({ test: { testTimeout: 300_000 } }));
