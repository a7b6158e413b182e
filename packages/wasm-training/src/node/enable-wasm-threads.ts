/**
 * `enableWasmThreads`: runs the multi-threaded SIMD build of tfjs-backend-wasm in Node, on worker_threads.
 *
 * tfjs-backend-wasm ships `tfjs-backend-wasm-threaded-simd.wasm` but never loads it in Node (tfjs issue #3830:
 * the `WASM_HAS_MULTITHREAD_SUPPORT` flag is hard-wired to false there). Setting the flag is not enough: the stock
 * loader hands emscripten a `blob:` URL for the pthread worker script, which Node's `Worker` cannot open, and the
 * C side caps the XNNPACK thread pool at `os.cpus().length / 2` (one thread on a two-core machine). This module
 * re-registers the `'wasm'` backend with a factory that loads the threaded build itself: the worker script is
 * written once to a file in `os.tmpdir()` (atomically), and the core count the module sees is `2 × threads`, so
 * the pool gets exactly the requested number of threads.
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnsupportedEnvironmentError, checkOptions, describeValue } from '@digitkit/core';
import { engine, findBackendFactory, registerBackend, removeBackend } from '@tensorflow/tfjs-core';
import { BackendWasm, setThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { SUPPORTED_TFJS_VERSION } from '../supported-tfjs-version.js';
import { startKernelPool } from '../threads/kernel-pool.js';
import { isWasmBackend } from '../wasm-backend.js';
import { spawnNodeKernelWorker } from './node-kernel-workers.js';

/** Options of {@link enableWasmThreads}. */
export interface EnableWasmThreadsOptions {
  /**
   * Threads in the XNNPACK pool (the calling thread is one of them). Integer 1..8 (8 is the number of pthread
   * workers the tfjs build pre-creates). Default: `os.availableParallelism()` capped to 8.
   */
  threads?: number;
  /**
   * Threads of this package's kernel pool (the calling thread is one of them): the heavy kernels of
   * `enableWasmTraining()` — convolutions and their gradients, matrix products, pooling gradients, element-wise
   * gradients and the fused Adam update — split each big call across them. Integer 1..8 (1: no pool). Default:
   * `threads`.
   */
  kernelThreads?: number;
  /**
   * Threads of XNNPACK's pool (the stock kernels: small-patch convolutions, pooling, dense layers...). Default: 1
   * when the kernel pool runs (`kernelThreads` ≥ 2) — XNNPACK's pool threads spin between operators and would take
   * the cores the kernel pool needs (measured slower, see the README's Threads section) — else `threads`.
   */
  xnnpackThreads?: number;
}

/** What {@link enableWasmThreads} set up. */
export interface WasmThreadsInfo {
  /** Requested `threads`. */
  threads: number;
  /** Requested XNNPACK pool size. Read the actual size with `getThreadsCount()` after `tf.setBackend('wasm')`. */
  xnnpackThreads: number;
  /** Requested kernel pool size (the pool starts with the backend; 1 = none). */
  kernelThreads: number;
  /** The pthread worker script written for emscripten (in `os.tmpdir()`). */
  workerScript: string;
}

/** Priority tfjs-backend-wasm registers its backend with; kept so backend auto-selection does not change. */
const WASM_PRIORITY = 2;
const MAX_THREADS = 8;

interface EmscriptenModule {
  cwrap: (name: string, returnType: string | null, argTypes: string[]) => (...args: number[]) => number;
  [key: string]: unknown;
}
type EmscriptenImports = Record<string, Record<string, unknown>>;
interface EmscriptenFactoryConfig {
  locateFile: (path: string, prefix: string) => string;
  mainScriptUrlOrBlob: string;
  instantiateWasm: (
    imports: EmscriptenImports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
}
type EmscriptenFactory = (config: EmscriptenFactoryConfig) => Promise<EmscriptenModule>;

/** The module `BackendWasm` is built from (tfjs-backend-wasm's emscripten module with `tfjs` entry points). */
type BackendWasmModule = ConstructorParameters<typeof BackendWasm>[0];

/** Structural check of the threaded emscripten module before BackendWasm wraps it. */
function isBackendWasmModule(module: EmscriptenModule): module is EmscriptenModule & BackendWasmModule {
  return typeof module.PThread === 'object' && typeof module.tfjs === 'object' && typeof module._malloc === 'function';
}

/** Whether tfjs has already created the backend instance `name` (tfjs-core's private `engine().registry`). */
function backendInitialised(name: string): boolean {
  const registry: unknown = Reflect.get(engine(), 'registry');
  return typeof registry === 'object' && registry !== null && Reflect.get(registry, name) != null;
}

function currentModuleUrl(): string {
  // `__filename` exists in the CommonJS build; `import.meta.url` in the ES module build and in source.
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
}

/** Writes `contents` to `path` unless an identical file (content-addressed name) is already there. */
function writeOnce(path: string, contents: string): void {
  if (existsSync(path)) return;
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function checkThreads(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`enableWasmThreads: expected options.${name} to be an integer, got ${describeValue(value)}`);
  }
  if (value < 1 || value > MAX_THREADS) {
    throw new RangeError(`enableWasmThreads: expected options.${name} in 1..${MAX_THREADS}, got ${value}`);
  }
  return value;
}

/**
 * Makes `tf.setBackend('wasm')` in Node load the multi-threaded SIMD build of tfjs-backend-wasm, whose XNNPACK
 * kernels (convolutions, matrix products, pooling...) then run on `threads` threads (emscripten pthreads on
 * Node worker_threads).
 *
 * Call after `import '@tensorflow/tfjs-backend-wasm'` and BEFORE the wasm backend is first initialised
 * (`tf.setBackend('wasm')` / `tf.ready()`); it replaces the `'wasm'` backend factory, so every kernel registered
 * for `'wasm'` — the stock ones and those of {@link enableWasmTraining} — keeps working. The pthread workers
 * keep the process alive until the backend is disposed (`tf.removeBackend('wasm')` or `process.exit`).
 * Node only (it reads the tfjs files from disk); in browsers tfjs picks the threaded build by itself when the page
 * is cross-origin isolated.
 *
 * It also starts this package's kernel pool with the backend: `kernelThreads − 1` worker threads on the same
 * shared memory, across which the heavy kernels of `enableWasmTraining()` split each big call (see the README's
 * Threads section). The pool's workers never keep the process alive.
 *
 * @param options `{ threads = min(os.availableParallelism(), 8), kernelThreads = threads, xnnpackThreads = 1 if kernelThreads > 1 else threads }`.
 * @returns The requested thread count and the worker script path.
 * @throws TypeError/RangeError for a bad `threads` or an unknown option; UnsupportedEnvironmentError when
 *   `@tensorflow/tfjs-backend-wasm` is not the supported version or was not imported, or the wasm backend is
 *   already initialised (too late to swap the binary).
 */
export function enableWasmThreads(options: EnableWasmThreadsOptions = {}): WasmThreadsInfo {
  checkOptions('enableWasmThreads', options, ['threads', 'kernelThreads', 'xnnpackThreads']);
  const threads = checkThreads('threads', options.threads ?? Math.min(availableParallelism(), MAX_THREADS));
  const kernelThreads = checkThreads('kernelThreads', options.kernelThreads ?? threads);
  const xnnpackThreads = checkThreads('xnnpackThreads', options.xnnpackThreads ?? (kernelThreads > 1 ? 1 : threads));
  if (version_wasm !== SUPPORTED_TFJS_VERSION) {
    throw new UnsupportedEnvironmentError({
      functionName: 'enableWasmThreads',
      expected: `@tensorflow/tfjs-backend-wasm ${SUPPORTED_TFJS_VERSION} (its wasm-out files and cwrap names are read)`,
      found: version_wasm,
      fix: `install @tensorflow/tfjs-backend-wasm@${SUPPORTED_TFJS_VERSION}`,
    });
  }
  if (findBackendFactory('wasm') == null) {
    throw new UnsupportedEnvironmentError({
      functionName: 'enableWasmThreads',
      expected: "a registered 'wasm' backend",
      found: 'none',
      fix: "import '@tensorflow/tfjs-backend-wasm' before calling it",
    });
  }
  if (backendInitialised('wasm')) {
    throw new UnsupportedEnvironmentError({
      functionName: 'enableWasmThreads',
      expected: "the 'wasm' backend not yet initialised",
      found: 'a wasm backend already initialised',
      fix: "call enableWasmThreads before tf.setBackend('wasm')",
    });
  }

  const require = createRequire(currentModuleUrl());
  const packageDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const outDir = join(packageDir, 'wasm-out');
  const factoryPath = join(outDir, 'tfjs-backend-wasm-threaded-simd.js');
  const wasmPath = join(outDir, 'tfjs-backend-wasm-threaded-simd.wasm');
  // The package exports the pthread worker script as a string (meant for a blob: URL). Template-literal escapes
  // turned its `\n` string escapes into raw newlines; put them back, as tfjs does before making its Blob.
  const { wasmWorkerContents } = require(join(outDir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  const workerSource = wasmWorkerContents.replace(/\n/g, '\\n');
  const digest = createHash('sha256').update(workerSource).digest('hex').slice(0, 16);
  const workerScript = join(tmpdir(), `digitkit-tfjs-wasm-threaded-${digest}.worker.cjs`);
  writeOnce(workerScript, workerSource);

  removeBackend('wasm');
  registerBackend(
    'wasm',
    async () => {
      const factory = require(factoryPath) as EmscriptenFactory;
      const module = await factory({
        mainScriptUrlOrBlob: factoryPath,
        locateFile: (path, prefix) => {
          if (path.endsWith('.worker.js')) return workerScript;
          if (path.endsWith('.wasm')) return wasmPath;
          return prefix + path;
        },
        instantiateWasm: (imports, receive) => {
          // The C side sizes its pool as min(threads, emscripten_num_logical_cores() / 2); report 2 × threads.
          for (const namespace of Object.values(imports)) {
            for (const [name, value] of Object.entries(namespace)) {
              if (typeof value === 'function' && value.name === '_emscripten_num_logical_cores') {
                namespace[name] = () => 2 * xnnpackThreads;
              }
            }
          }
          WebAssembly.instantiate(readFileSync(wasmPath), imports as WebAssembly.Imports).then(
            ({ instance, module: compiled }) => receive(instance, compiled),
            (error: unknown) => {
              throw new UnsupportedEnvironmentError({
                functionName: 'enableWasmThreads',
                expected: `${wasmPath} to instantiate (WebAssembly threads and SIMD)`,
                found: String(error),
                cause: error,
              });
            },
          );
          return {};
        },
      });
      module.tfjs = {
        init: module.cwrap('init', null, []),
        initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      };
      setThreadsCount(xnnpackThreads);
      if (!isBackendWasmModule(module)) {
        throw new UnsupportedEnvironmentError({
          functionName: 'enableWasmThreads',
          expected: 'the threaded emscripten module to have PThread and the tfjs entry points',
          found: 'a module without them',
        });
      }
      const backend = new BackendWasm(module);
      if (isWasmBackend(backend) && kernelThreads > 1) {
        const pool = await startKernelPool(backend, kernelThreads, spawnNodeKernelWorker);
        if (pool !== null) {
          const dispose = backend.dispose.bind(backend);
          backend.dispose = () => {
            pool.terminate();
            dispose();
          };
        }
      }
      return backend;
    },
    WASM_PRIORITY,
  );
  return { threads, xnnpackThreads, kernelThreads, workerScript };
}
