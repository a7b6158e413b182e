/**
 * @digitkit/cnn-models — universal entry (Node and browsers, no Node-only imports): model builders, the
 * registry, the training loop with its pure callbacks and schedules, prediction and evaluation.
 * File-system persistence (`saveModel`, `loadModel`, file checkpoints) lives in `@digitkit/cnn-models/node`.
 */
export { createBatchNormCnn } from './models/batch-norm-cnn';
export { countFlops } from './models/count-flops';
export type { FlopsCount, LayerFlops } from './models/count-flops';
export { createLeNet5 } from './models/lenet5';
export type { LeNet5Options } from './models/lenet5';
export type { ModelOptions } from './models/model-options';
export { createPaperCnn } from './models/paper-cnn';
export { createModel, models } from './models/registry';
export type { ModelEntry, ModelName, RecommendedTraining } from './models/registry';
export { createSeCnn } from './models/se-cnn';
export type { SeCnnOptions } from './models/se-cnn';
export { squeezeExcitation } from './models/squeeze-excitation';
export type { SqueezeExcitationOptions } from './models/squeeze-excitation';
export { createStrongCnn } from './models/strong-cnn';
export type { StrongCnnOptions } from './models/strong-cnn';

export { createMemoryCheckpointStore } from './training/checkpoint-store';
export type { CheckpointStore, SerializedTensor, TrainingCheckpoint } from './training/checkpoint-store';
export type { OptimizerName } from './training/create-optimizer';
export { deriveSeed } from './training/derive-seed';
export { initialEarlyStoppingState, resolveEarlyStopping, updateEarlyStopping } from './training/early-stopping';
export type {
  EarlyStoppingOptions,
  EarlyStoppingState,
  EarlyStoppingUpdate,
  ResolvedEarlyStopping,
} from './training/early-stopping';
export { learningRateAt } from './training/learning-rate-schedule';
export type {
  CosineSchedule,
  ExponentialSchedule,
  LearningRateSchedule,
  LearningRateScheduleName,
  OneCycleSchedule,
  ScheduleProgress,
} from './training/learning-rate-schedule';
export type { MonitorMode, MonitorName } from './training/monitor';
export {
  initialReduceLrOnPlateauState,
  resolveReduceLrOnPlateau,
  updateReduceLrOnPlateau,
} from './training/reduce-lr-on-plateau';
export type {
  ReduceLrOnPlateauOptions,
  ReduceLrOnPlateauState,
  ReduceLrOnPlateauUpdate,
  ResolvedReduceLrOnPlateau,
} from './training/reduce-lr-on-plateau';
export { trainClassifier } from './training/train-classifier';
export type { BatchLog, TrainClassifierOptions } from './training/train-classifier';
export type { EpochLog, TrainingHistory } from './training/training-history';

export { float32ToFloat16Bits, quantizeWeights } from './persistence/quantize-weights';
export type { QuantizedWeights, WeightQuantization, WeightSpec } from './persistence/quantize-weights';

export { evaluateModel } from './evaluation/evaluate-model';
export type { EvaluateModelOptions, ModelEvaluation, ModelPredictions } from './evaluation/evaluate-model';
export { predictProbabilities } from './evaluation/predict-probabilities';
export type { PredictProbabilitiesOptions } from './evaluation/predict-probabilities';
