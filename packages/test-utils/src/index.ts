/**
 * Internal test helpers shared by every digitkit package (never published).
 *
 * `describeBackends` runs one suite on each tfjs backend available in Node (cpu and wasm), the way
 * tfjs runs its core tests on every backend; `expectNoTensorLeak` checks `tf.memory().numTensors`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect } from 'vitest';

export type BackendName = 'cpu' | 'wasm';

/** Backends every backend-agnostic suite runs on. */
export const TEST_BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

/** Switches tfjs to `name` and waits until it is ready. */
export async function useBackend(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`useBackend: backend '${name}' failed to initialize`);
  await tf.ready();
}

/** Runs `body` once per backend inside a `describe` block named `<title> [<backend>]`. */
export function describeBackends(
  title: string,
  body: (backend: BackendName) => void,
  backends: readonly BackendName[] = TEST_BACKENDS,
): void {
  for (const backend of backends) {
    describe(`${title} [${backend}]`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      body(backend);
    });
  }
}

/** Runs `fn` and asserts it leaves `tf.memory().numTensors` unchanged; returns its result. */
export async function expectNoTensorLeak<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors, 'tensor count after the operation').toBe(before);
  return result;
}
