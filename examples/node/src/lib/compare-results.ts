import { argmaxRows, type DigitDataset } from '@digitkit/core';
import { DISPLAY_NAMES } from './compare-config.js';
import { fitCnnEnsembles, type ValidationScore } from './compare-ensembles.js';
import type { MemberOutcome } from './compare-members.js';
import { accuracy, errorOverlap, evaluateClassifier, mcnemarTest, type McNemarResult } from '@digitkit/metrics';

/** One line of the comparison table (a member or an ensemble). */
export interface ComparisonRow {
  /** Folder / JSON name (`knn`, `paper-cnn`, `soft-vote`, …). */
  name: string;
  /** Name shown in the report. */
  display: string;
  kind: 'classic' | 'cnn' | 'ensemble';
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  /** Macro one-vs-rest ROC AUC; null for hard voting (labels only, no scores). */
  rocAucMacro: number | null;
  errors: number;
  /** Seconds of training (an ensemble: its members' plus its own fit). */
  trainSeconds: number;
  /** Milliseconds of inference per test image (an ensemble: the sum of its members'). */
  inferenceMsPerImage: number;
  /** Bytes of the model's weights (an ensemble: its members' plus its own). */
  sizeBytes: number;
  /** Rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
}

/** An ensemble against its best member on the test set. */
export interface EnsembleVersusBest {
  ensemble: string;
  accuracy: number;
  bestMember: string;
  bestMemberAccuracy: number;
  /** Accuracy points gained (negative: lost). */
  gain: number;
  /** McNemar's test of the ensemble against its best member. */
  mcnemar: McNemarResult;
  /** Its score on the validation part (out of fold for fitted combiners); undefined for the hard vote. */
  validation: ValidationScore | undefined;
  /** What its combiner fitted on the validation part (weights, penalty). */
  detail: string;
  /** The ensemble chosen on validation (smallest validation log loss) — chosen before the test set is looked at. */
  selected: boolean;
}

/** Everything the comparison report and `comparison.json` show. */
export interface ComparisonResults {
  rows: ComparisonRow[];
  ensemblesVersusBest: EnsembleVersusBest[];
  /** McNemar's test between the two most accurate models. */
  bestTwo: { a: string; b: string; mcnemar: McNemarResult } | undefined;
  /** Test examples both models get wrong (`matrix[i][j]`, in `rows` order). */
  errorOverlap: number[][];
  /** What stacking's meta-learner was fitted on: the validation part only. */
  stackingFit: { data: 'validation'; examples: number } | undefined;
  /** The members' own validation accuracies (CNNs), next to the ensembles' validation scores. */
  memberValidationAccuracy: Record<string, number>;
}

/**
 * Scores every member and the CNN ensembles on the test set: soft vote, weighted soft vote, hard vote and stacking
 * (`lib/compare-ensembles.ts`), every combiner fitted on the members' validation probabilities only, and the
 * ensemble to trust chosen there too — the test set is never used for fitting or choosing anything. Metrics come
 * from `evaluateClassifier` of @digitkit/metrics.
 */
export function compareResults(members: MemberOutcome[], test: DigitDataset, validation: DigitDataset, seed: number): ComparisonResults {
  const numClasses = test.numClasses;
  const rows: ComparisonRow[] = [];
  const predictions: Int32Array[] = [];
  const add = (
    name: string,
    kind: ComparisonRow['kind'],
    scores: Float32Array,
    cost: Pick<ComparisonRow, 'trainSeconds' | 'inferenceMsPerImage' | 'sizeBytes'>,
    labelsOnly = false,
  ) => {
    const evaluation = evaluateClassifier(test.labels, scores, { numClasses });
    rows.push({
      name,
      display: DISPLAY_NAMES[name] ?? name,
      kind,
      accuracy: evaluation.accuracy,
      precisionMacro: evaluation.precisionMacro,
      recallMacro: evaluation.recallMacro,
      f1Macro: evaluation.f1Macro,
      rocAucMacro: labelsOnly ? null : evaluation.rocAuc.macro,
      errors: Math.round(test.count * (1 - evaluation.accuracy)),
      ...cost,
      confusionMatrix: evaluation.confusionMatrix,
    });
    predictions.push(argmaxRows(scores, numClasses));
  };
  // Only the cost fields: spreading the whole member put its probabilities into every row of comparison.json.
  for (const m of members) {
    add(m.name, m.kind, m.testProbabilities, { trainSeconds: m.trainSeconds, inferenceMsPerImage: m.inferenceMsPerImage, sizeBytes: m.sizeBytes });
  }

  const cnns = members.filter((m) => m.kind === 'cnn');
  const memberValidationAccuracy: Record<string, number> = {};
  for (const m of cnns) memberValidationAccuracy[m.name] = accuracy(validation.labels, argmaxRows(m.validationProbabilities!, numClasses));
  let fitted: ReturnType<typeof fitCnnEnsembles> | undefined;
  let stackingFit: ComparisonResults['stackingFit'];
  if (cnns.length >= 2) {
    const sum = (key: 'trainSeconds' | 'inferenceMsPerImage' | 'sizeBytes') => cnns.reduce((total, m) => total + m[key], 0);
    fitted = fitCnnEnsembles(cnns, validation, seed);
    for (const e of fitted.ensembles) {
      add(e.name, 'ensemble', e.testScores, {
        trainSeconds: sum('trainSeconds') + e.fitSeconds,
        inferenceMsPerImage: sum('inferenceMsPerImage'),
        sizeBytes: sum('sizeBytes') + e.parameterBytes,
      }, e.labelsOnly);
    }
    stackingFit = { data: 'validation', examples: validation.count };
  }

  const index = (name: string) => rows.findIndex((r) => r.name === name);
  const bestCnn = cnns.map((m) => rows[index(m.name)]).sort((a, b) => b.accuracy - a.accuracy)[0];
  const ensemblesVersusBest = (fitted?.ensembles ?? []).map((e) => {
    const name = e.name;
    const row = rows[index(name)];
    return {
      ensemble: name,
      accuracy: row.accuracy,
      bestMember: bestCnn.name,
      bestMemberAccuracy: bestCnn.accuracy,
      gain: row.accuracy - bestCnn.accuracy,
      mcnemar: mcnemarTest(test.labels, predictions[index(name)], predictions[index(bestCnn.name)]),
      validation: e.validation,
      detail: e.detail,
      selected: name === fitted!.selected,
    };
  });
  const ranked = rows.map((_, i) => i).sort((a, b) => rows[b].accuracy - rows[a].accuracy);
  const bestTwo =
    ranked.length >= 2
      ? { a: rows[ranked[0]].name, b: rows[ranked[1]].name, mcnemar: mcnemarTest(test.labels, predictions[ranked[0]], predictions[ranked[1]]) }
      : undefined;
  return { rows, ensemblesVersusBest, bestTwo, errorOverlap: errorOverlap(test.labels, predictions), stackingFit, memberValidationAccuracy };
}
