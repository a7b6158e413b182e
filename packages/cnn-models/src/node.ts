/**
 * @digitkit/cnn-models/node — Node-only parts: file-system model persistence (no tfjs-node needed), file
 * checkpoints, and `trainClassifier` with the `checkpointDir` option.
 */
export { createFileCheckpointStore } from './node/file-checkpoint-store';
export { fileSystemHandler } from './node/file-system-handler';
export type { FileSystemHandlerOptions } from './node/file-system-handler';
export { loadModel } from './node/load-model';
export { saveModel } from './node/save-model';
export type { SaveModelOptions, SavedModelInfo } from './node/save-model';
export { trainClassifier } from './node/train-classifier';
export type { NodeTrainClassifierOptions } from './node/train-classifier';
