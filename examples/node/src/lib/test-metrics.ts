import type { ClassifierEvaluation } from '@digitkit/metrics';

/** The `test` section of `metrics.json` (fractions in [0, 1]; null where a metric is undefined). */
export interface TestMetrics {
  count: number;
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  rocAucMacro: number | null;
  rocAucWeighted: number | null;
  rocAucPerClass: Array<number | null>;
  balancedAccuracy: number;
  top2Accuracy: number;
  top3Accuracy: number;
  logLoss: number;
  cohenKappa: number | null;
  matthewsCorrcoef: number;
  expectedCalibrationError: number;
  errors: number;
  /** Rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
  perClass: Array<{ label: string; precision: number; recall: number; f1: number; support: number }>;
  mostConfusedPairs: ClassifierEvaluation['mostConfusedPairs'];
}

/** Picks the JSON-safe test metrics out of an `evaluateClassifier` result. */
export function toTestMetrics(evaluation: ClassifierEvaluation, count: number): TestMetrics {
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    count,
    accuracy: evaluation.accuracy,
    precisionMacro: evaluation.precisionMacro,
    recallMacro: evaluation.recallMacro,
    f1Macro: evaluation.f1Macro,
    rocAucMacro: evaluation.rocAuc.macro,
    rocAucWeighted: evaluation.rocAuc.weighted,
    rocAucPerClass: evaluation.rocAuc.perClass,
    balancedAccuracy: evaluation.balancedAccuracy,
    top2Accuracy: evaluation.topKAccuracy[2],
    top3Accuracy: evaluation.topKAccuracy[3],
    logLoss: evaluation.logLoss,
    cohenKappa: finite(evaluation.cohenKappa),
    matthewsCorrcoef: evaluation.matthewsCorrcoef,
    expectedCalibrationError: evaluation.calibration.ece,
    errors: Math.round(count * (1 - evaluation.accuracy)),
    confusionMatrix: evaluation.confusionMatrix,
    perClass: evaluation.report.perClass.map((row) => ({
      label: row.label,
      precision: row.precision,
      recall: row.recall,
      f1: row.f1,
      support: row.support,
    })),
    mostConfusedPairs: evaluation.mostConfusedPairs,
  };
}

/** Rows of a table like Table III of the first paper ("Performance metrics for CNN on MNIST test dataset"). */
export function tableThreeRows(metrics: TestMetrics): Array<[string, string]> {
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`);
  return [
    ['Test Accuracy', pct(metrics.accuracy)],
    ['Precision (macro avg)', pct(metrics.precisionMacro)],
    ['Recall (macro avg)', pct(metrics.recallMacro)],
    ['F1-Score (macro avg)', pct(metrics.f1Macro)],
    ['ROC AUC (macro, one-vs-rest)', metrics.rocAucMacro === null ? 'n/a' : metrics.rocAucMacro.toFixed(5)],
    ['Errors', `${metrics.errors} of ${metrics.count}`],
  ];
}

/** Plain-text version of {@link tableThreeRows} for the terminal. */
export function formatTableThree(metrics: TestMetrics): string {
  const rows = tableThreeRows(metrics);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
}
