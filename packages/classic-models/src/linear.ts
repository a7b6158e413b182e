// @digitkit/classic-models/linear: the linear models in pure TypeScript. Nothing here imports tfjs, so a package
// (e.g. @digitkit/ensemble) can use them without installing @tensorflow/tfjs-core.

export { fitLogisticRegression, logisticLossAndGradient } from './linear/logistic-regression.js';
export type { LogisticRegressionModel, LogisticRegressionOptions } from './linear/logistic-regression.js';
export { fitLinearSupportVectorMachine } from './linear/linear-support-vector-machine.js';
export type { LinearSupportVectorMachineModel, LinearSupportVectorMachineOptions } from './linear/linear-support-vector-machine.js';
export type { MulticlassStrategy } from './linear/multiclass-linear-machine.js';
export { linearModelFromJson } from './linear/linear-model-from-json.js';
export type { ClassicClassifier, ClassicModelKind } from './classic-classifier.js';
export type { FeatureMatrix, LabelledFeatures, PredictInput, TensorLike, TrainingInput } from './input/features.js';
export type { ClassicModelJson, EncodedArray, JsonValue, StoredDtype } from './serialization/model-json.js';
