/**
 * @digitkit/cnn-models — universal entry (Node and browsers, no Node-only imports): model builders, the
 * registry, the training loop with its pure callbacks and schedules, prediction and evaluation.
 * File-system persistence (`saveModel`, `loadModel`, file checkpoints) lives in `@digitkit/cnn-models/node`.
 */
export { createBatchNormCnn } from './models/batch-norm-cnn.js';
export { countFlops } from './models/count-flops.js';
export type { FlopsCount, LayerFlops } from './models/count-flops.js';
export { createLeNet5 } from './models/lenet5.js';
export type { LeNet5Options } from './models/lenet5.js';
export type { ModelOptions } from './models/model-options.js';
export { createPaperCnn } from './models/paper-cnn.js';
export { createModel, models } from './models/registry.js';
export type { ModelEntry, ModelName, RecommendedTraining } from './models/registry.js';
export { createSeCnn } from './models/se-cnn.js';
export type { SeCnnOptions } from './models/se-cnn.js';
export { squeezeExcitation } from './models/squeeze-excitation.js';
export { SeededDropout, seededDropout, setDropoutStream } from './models/seeded-dropout.js';
export type { SeededDropoutArgs } from './models/seeded-dropout.js';
export type { SqueezeExcitationOptions } from './models/squeeze-excitation.js';
export { createStrongCnn } from './models/strong-cnn.js';
export type { StrongCnnOptions } from './models/strong-cnn.js';

export { createMemoryCheckpointStore } from './training/checkpoint-store.js';
export type { CheckpointStore, SerializedTensor, TrainingCheckpoint } from './training/checkpoint-store.js';
export type { OptimizerName } from './training/create-optimizer.js';
export { deriveSeed } from '@digitkit/core';
export { initialEarlyStoppingState, resolveEarlyStopping, updateEarlyStopping } from './training/early-stopping.js';
export type {
  EarlyStoppingOptions,
  EarlyStoppingState,
  EarlyStoppingUpdate,
  ResolvedEarlyStopping,
} from './training/early-stopping.js';
export { learningRateAt } from './training/learning-rate-schedule.js';
export type {
  CosineSchedule,
  ExponentialSchedule,
  LearningRateSchedule,
  LearningRateScheduleName,
  OneCycleSchedule,
  ScheduleProgress,
} from './training/learning-rate-schedule.js';
export type { MonitorAlias, MonitorMode, MonitorName } from './training/monitor.js';
export {
  initialReduceLrOnPlateauState,
  resolveReduceLrOnPlateau,
  updateReduceLrOnPlateau,
} from './training/reduce-lr-on-plateau.js';
export type {
  ReduceLrOnPlateauOptions,
  ReduceLrOnPlateauState,
  ReduceLrOnPlateauUpdate,
  ResolvedReduceLrOnPlateau,
} from './training/reduce-lr-on-plateau.js';
export { trainClassifier } from './training/train-classifier.js';
export type { BatchLog, TrainClassifierOptions } from './training/train-classifier.js';
export type { ExampleInput, LabelledTensors } from './training/example-source.js';
export type { ParallelOptions } from './training/parallel-step-runner.js';
export { recalibrateBatchNorm } from './training/recalibrate-batch-norm.js';
export type { RecalibrateBatchNormOptions } from './training/recalibrate-batch-norm.js';
export { formatEpochLine } from './training/format-epoch-line.js';
export type { EpochLog, TrainingHistory } from './training/training-history.js';

export { float32ToFloat16Bits, quantizeWeights } from './persistence/quantize-weights.js';
export type { QuantizedWeights, WeightQuantization, WeightSpec } from './persistence/quantize-weights.js';

export { evaluateModel } from './evaluation/evaluate-model.js';
export type { EvaluateModelOptions, ModelEvaluation, ModelPredictions } from './evaluation/evaluate-model.js';
export { predictProbabilities } from './evaluation/predict-probabilities.js';
export type { PredictProbabilitiesOptions } from './evaluation/predict-probabilities.js';

export { evaluateRobustness } from './robustness/evaluate-robustness.js';
export type {
  CorruptionAccuracy,
  EvaluateRobustnessOptions,
  RobustnessEvaluation,
  RobustnessProgress,
} from './robustness/evaluate-robustness.js';

export { freezeLayers } from './transfer/freeze-layers.js';
export type { FreezeLayersOptions } from './transfer/freeze-layers.js';
export { replaceHead } from './transfer/replace-head.js';
export type { ReplaceHeadOptions } from './transfer/replace-head.js';
export { fineTune } from './transfer/fine-tune.js';
export type { FineTuneOptions } from './transfer/fine-tune.js';
export { selectClasses } from './transfer/select-classes.js';
export { samplePerClass } from './transfer/sample-per-class.js';

export { trainSemiSupervised } from './semi-supervised/train-semi-supervised.js';
export {
  DEFAULT_STRONG_AUGMENT,
  DEFAULT_STRONG_CORRUPTIONS,
  DEFAULT_WEAK_AUGMENT,
} from './semi-supervised/semi-supervised-options.js';
export type { TrainSemiSupervisedOptions } from './semi-supervised/semi-supervised-options.js';
export type { SemiSupervisedEvaluation, SemiSupervisedHistory } from './semi-supervised/semi-supervised-history.js';
export { createMemorySemiSupervisedStore } from './semi-supervised/semi-supervised-checkpoint.js';
export type { SemiSupervisedCheckpoint, SemiSupervisedCheckpointStore } from './semi-supervised/semi-supervised-checkpoint.js';
export { toUnlabelledImages } from './semi-supervised/unlabelled-images.js';
export type { UnlabelledImages } from './semi-supervised/unlabelled-images.js';
export { splitFewLabels } from './semi-supervised/split-few-labels.js';
export type { FewLabelsSplit, SplitFewLabelsOptions } from './semi-supervised/split-few-labels.js';
export { corruptRandomly } from './semi-supervised/corrupt-randomly.js';
export type { CorruptRandomlyOptions } from './semi-supervised/corrupt-randomly.js';
