import { DigitKitError } from '@digitkit/core';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it, vi } from 'vitest';

// A tfjs-core of another version: the package reads private internals of 4.22.0 only.
vi.mock('@tensorflow/tfjs-core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tensorflow/tfjs-core')>()),
  version_core: '4.21.0',
}));

describe('the pinned tfjs version', () => {
  it('enableWasmTraining refuses any other tfjs-core version with an UnsupportedEnvironmentError', async () => {
    const { enableWasmTraining } = await import('./enable-wasm-training.js');
    let error: unknown;
    try {
      enableWasmTraining();
    } catch (caught) {
      error = caught;
    }
    expect(DigitKitError.isInstance(error)).toBe(true);
    expect((error as Error).name).toBe('UnsupportedEnvironmentError');
    expect((error as Error).message).toMatch(/^enableWasmTraining: expected @tensorflow\/tfjs-core 4\.22\.0 .*got 4\.21\.0; install @tensorflow\/tfjs-core@4\.22\.0/);
  });
});
