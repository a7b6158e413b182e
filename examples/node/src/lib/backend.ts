import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { Option } from 'commander';
import { MAX_THREADS, parseThreads, threadCountOf } from './parse-options.js';
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

/** `--backend <name>`, as every command that runs a model takes it. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend (tensorflow needs @tensorflow/tfjs-node installed)').choices([...BACKENDS]).default('wasm');
}

/** `--threads <n>`, next to {@link backendOption} (see {@link resolveThreads}). */
export function threadsOption(): Option {
  return new Option(
    '--threads <n>',
    'wasm: threads of the kernel pool and XNNPACK (default: every core, or DIGITKIT_THREADS; 1 = the single-threaded build)',
  ).argParser(parseThreads);
}

/** Environment variable that sets the default of `--threads` (e.g. `DIGITKIT_THREADS=1` on a shared machine). */
export const THREADS_ENV = 'DIGITKIT_THREADS';

/**
 * Threads of the wasm backend: `--threads` when given, else `DIGITKIT_THREADS`, else every core
 * (`os.availableParallelism()`, at most 8) — the fastest configuration measured by wasm-training's `bench:train`.
 */
export function resolveThreads(threads: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (threads !== undefined) return threads;
  const fromEnv = env[THREADS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = threadCountOf(fromEnv);
    if (n === undefined) throw new UserError(`${THREADS_ENV}: expected an integer from 1 to ${MAX_THREADS}, got '${fromEnv}'`, { exitCode: 2 });
    return n;
  }
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

/**
 * Imports and activates a tfjs backend. `wasm` also registers digitkit's gradient kernels
 * (enableWasmTraining) so training runs on wasm, and with `threads` > 1 (default: every core, see
 * {@link resolveThreads}) loads tfjs's threaded SIMD build with wasm-training's kernel pool on that many threads
 * (`enableWasmThreads`); `threads` 1 keeps the single-threaded SIMD build. A run gives the same bits for the same
 * thread count (a resumed run too); another count changes the filter gradients' summation order (last bits only).
 * `tensorflow` needs the user to have installed `@tensorflow/tfjs-node` 4.22 next to digitkit.
 */
export async function useBackend(name: BackendName, requestedThreads?: number): Promise<BackendInfo> {
  if (name !== 'wasm' && requestedThreads !== undefined) {
    throw new UserError(`--threads applies to --backend wasm (the ${name} backend manages its own threads)`, { exitCode: 2 });
  }
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    // The cpu backend's first use prints a banner suggesting tfjs-node; PROD mode keeps the CLI's output clean.
    tf.env().set('PROD', true);
    await setOrFail('cpu');
    return { name, details: {} };
  }
  if (name === 'wasm') {
    const threads = resolveThreads(requestedThreads);
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    const { enableWasmTraining } = await import('@digitkit/wasm-training');
    let kernelThreads: number | undefined;
    if (threads > 1) {
      const { enableWasmThreads } = await import('@digitkit/wasm-training/node');
      kernelThreads = enableWasmThreads({ threads }).kernelThreads;
    }
    const registered = enableWasmTraining();
    await setOrFail('wasm');
    const env = tf.env();
    return {
      name,
      details: {
        simd: await safeFlag(env, 'WASM_HAS_SIMD_SUPPORT'),
        threads,
        build: kernelThreads === undefined ? 'simd' : 'threaded-simd',
        ...(kernelThreads === undefined ? {} : { kernelThreads }),
        xnnpackThreads: getThreadsCount(),
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
