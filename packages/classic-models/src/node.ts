// @digitkit/classic-models/node: Node-only helpers (file save/load, fits on worker threads). The `.` entry stays pure.
export { saveClassicModel, CLASSIC_MODEL_JSON, CLASSIC_WEIGHTS_BIN } from './node/save-classic-model.js';
export type { SavedClassicModelInfo } from './node/save-classic-model.js';
export { loadClassicModel } from './node/load-classic-model.js';
export { fitLogisticRegressionInParallel } from './node/fit-logistic-regression-in-parallel.js';
export type { LogisticRegressionInParallelOptions } from './node/fit-logistic-regression-in-parallel.js';
export { fitLinearSupportVectorMachineInParallel } from './node/fit-linear-support-vector-machine-in-parallel.js';
export type { LinearSupportVectorMachineInParallelOptions } from './node/fit-linear-support-vector-machine-in-parallel.js';
export { fitSupportVectorMachineInParallel } from './node/fit-support-vector-machine-in-parallel.js';
export type { SupportVectorMachineInParallelOptions } from './node/fit-support-vector-machine-in-parallel.js';
export type { ParallelFitOptions } from './node/parallel-fit-options.js';
export { WorkerError } from '@digitkit/core';
export type { WorkerErrorDetails } from '@digitkit/core';
