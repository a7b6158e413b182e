export { accuracy } from './accuracy.js';
export { balancedAccuracy } from './balanced-accuracy.js';
export type { BalancedAccuracyOptions } from './balanced-accuracy.js';
export { classificationReport } from './classification-report.js';
export type { ClassificationReport, ClassificationReportOptions, ClassReportRow } from './classification-report.js';
export { cohenKappa } from './cohen-kappa.js';
export type { CohenKappaOptions } from './cohen-kappa.js';
export { confusionMatrix } from './confusion-matrix.js';
export type { ConfusionMatrixOptions } from './confusion-matrix.js';
export { evaluateClassifier } from './evaluate-classifier.js';
export type { ClassifierEvaluation, ClassRocCurve, EvaluateClassifierOptions } from './evaluate-classifier.js';
export { expectedCalibrationError } from './expected-calibration-error.js';
export type {
  CalibrationBin,
  CalibrationResult,
  ExpectedCalibrationErrorOptions,
} from './expected-calibration-error.js';
export { logLoss } from './log-loss.js';
export type { LogLossOptions } from './log-loss.js';
export { matthewsCorrcoef } from './matthews-corrcoef.js';
export type { MatthewsCorrcoefOptions } from './matthews-corrcoef.js';
export { mostConfusedPairs } from './most-confused-pairs.js';
export type { ConfusedPair, MostConfusedPairsOptions } from './most-confused-pairs.js';
export { perClassRocAuc } from './per-class-roc-auc.js';
export type { PerClassRocAucOptions } from './per-class-roc-auc.js';
export { precisionRecallF1 } from './precision-recall-f1.js';
export type { PerClassScores, PrecisionRecallF1Options } from './precision-recall-f1.js';
export { rocAucOvr } from './roc-auc-ovr.js';
export type { RocAucOvrOptions } from './roc-auc-ovr.js';
export { rocCurve } from './roc-curve.js';
export type { RocCurve, RocCurveOptions } from './roc-curve.js';
export { topKAccuracy } from './top-k-accuracy.js';
export type { TopKAccuracyOptions } from './top-k-accuracy.js';
export type { Average, LabelArray, PrecisionRecallF1Scores, ScoreInput } from './types.js';
export { mcnemarTest } from './mcnemar-test.js';
export type { McNemarResult } from './mcnemar-test.js';
export { errorOverlap, MAX_OVERLAP_MODELS } from './error-overlap.js';
