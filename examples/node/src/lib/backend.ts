import * as tf from '@tensorflow/tfjs-core';
import { UserError } from './user-error.js';

/** Backends the CLI can train and evaluate on. */
export const BACKENDS = ['wasm', 'cpu', 'tensorflow'] as const;
/** One of {@link BACKENDS}. */
export type BackendName = (typeof BACKENDS)[number];

/** What {@link useBackend} set up. */
export interface BackendInfo {
  name: BackendName;
  /** For wasm: SIMD / threads flags and the gradient kernels registered by enableWasmTraining. */
  details: Record<string, unknown>;
}

/**
 * Imports and activates a tfjs backend. `wasm` also registers digitkit's gradient kernels
 * (enableWasmTraining) so training runs on wasm; `tensorflow` needs the user to have installed
 * `@tensorflow/tfjs-node` 4.22 next to digitkit.
 */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    // The cpu backend's first use prints a banner suggesting tfjs-node; PROD mode keeps the CLI's output clean.
    tf.env().set('PROD', true);
    await setOrFail('cpu');
    return { name, details: {} };
  }
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    const { enableWasmTraining } = await import('@digitkit/wasm-training');
    const registered = enableWasmTraining();
    await setOrFail('wasm');
    const env = tf.env();
    return {
      name,
      details: {
        simd: await safeFlag(env, 'WASM_HAS_SIMD_SUPPORT'),
        threads: await safeFlag(env, 'WASM_HAS_MULTITHREAD_SUPPORT'),
        enableWasmTraining: registered,
      },
    };
  }
  // The package name is held in a variable so bundlers and type checkers leave this optional import alone.
  const optionalPackage = '@tensorflow/tfjs-node';
  try {
    await import(optionalPackage);
  } catch (error) {
    throw new UserError(
      `--backend tensorflow needs the optional package @tensorflow/tfjs-node (install it with: pnpm add @tensorflow/tfjs-node@4.22.0); ` +
        `it could not be loaded: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
  await setOrFail('tensorflow');
  return { name, details: {} };
}

async function setOrFail(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new UserError(`the ${name} backend failed to initialize on this machine`);
  await tf.ready();
}

async function safeFlag(env: ReturnType<typeof tf.env>, flag: string): Promise<unknown> {
  try {
    return await env.getAsync(flag);
  } catch {
    return undefined;
  }
}
