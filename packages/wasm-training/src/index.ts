export { enableWasmTraining } from './enable-wasm-training.js';
export type { EnableWasmTrainingOptions, WasmTrainingInfo } from './enable-wasm-training.js';
export type { NativeBuildStatus } from './native/native-module.js';
