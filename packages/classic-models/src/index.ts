// @digitkit/classic-models: classic digit classifiers on TensorFlow.js (any backend) and plain TypeScript.
// Pure entry (Node and browsers); file save/load lives in `@digitkit/classic-models/node`.

// Models on tfjs
export { fitKNearestNeighbors } from './k-nearest-neighbors.js';
export type { KNearestNeighborsModel, KNearestNeighborsOptions } from './k-nearest-neighbors.js';
export { fitSupportVectorMachine } from './support-vector-machine.js';
export type { KernelApproximationOptions, SupportVectorMachineModel, SupportVectorMachineOptions, SupportVectorMachinePcaOptions } from './support-vector-machine.js';
export type { KernelApproximationMethod } from './kernel-feature-map.js';
export { fitPca } from './pca.js';
export type { PcaModel, PcaOptions } from './pca.js';

// Linear models in pure TypeScript (also in `@digitkit/classic-models/linear`, which needs no tfjs)
export { fitLogisticRegression } from './linear/logistic-regression.js';
export type { LogisticRegressionModel, LogisticRegressionOptions } from './linear/logistic-regression.js';
export { fitLinearSupportVectorMachine } from './linear/linear-support-vector-machine.js';
export type { LinearSupportVectorMachineModel, LinearSupportVectorMachineOptions } from './linear/linear-support-vector-machine.js';
export type { MulticlassStrategy } from './linear/multiclass-linear-machine.js';

// Shared shapes
export type { ClassicClassifier, ClassicModelKind } from './classic-classifier.js';
export type { FeatureMatrix, LabelledFeatures, PredictInput, TensorLike, TrainingInput } from './input/features.js';

// Serialization
export { classicModelFromJson } from './classic-model-from-json.js';
export type { ClassicModel } from './classic-model-from-json.js';
export { encodeClassicModel, decodeClassicModel } from './serialization/encode-classic-model.js';
export type { ClassicModelJson, ClassicModelManifest, EncodedArray, JsonValue, ManifestArray, StoredDtype } from './serialization/model-json.js';
