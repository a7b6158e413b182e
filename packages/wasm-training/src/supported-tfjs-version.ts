/**
 * The one tfjs version this package is written against. It reads private internals of
 * `@tensorflow/tfjs-backend-wasm` (`BackendWasm.dataIdMap` and `makeOutput`, the emscripten module's memory,
 * `wasm-out/*` file names, the `cwrap` names of the backend's C entry points) and of `@tensorflow/tfjs-core`
 * (`engine().registry`), which may change in any release; `enableWasmTraining` and `enableWasmThreads` refuse any
 * other version with an UnsupportedEnvironmentError.
 */
export const SUPPORTED_TFJS_VERSION = '4.22.0';
