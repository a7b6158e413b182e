/**
 * @digitkit/cnn-models/node — Node-only parts: file-system model persistence (no tfjs-node needed), file
 * checkpoints, and `trainClassifier` with the `checkpointDir` option.
 */
export { createFileCheckpointStore } from './node/file-checkpoint-store.js';
export type { CheckpointSummary, FileCheckpointStore, FileCheckpointStoreOptions } from './node/file-checkpoint-store.js';
export { fileSystemHandler } from './node/file-system-handler.js';
export type { FileSystemHandlerOptions } from './node/file-system-handler.js';
export { loadModel } from './node/load-model.js';
export { saveModel } from './node/save-model.js';
export type { SaveModelOptions, SavedModelInfo } from './node/save-model.js';
export { trainClassifier } from './node/train-classifier.js';
export type { NodeTrainClassifierOptions } from './node/train-classifier.js';
