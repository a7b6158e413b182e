import { renderConfusionMatrix, renderHeatmap, renderModelComparison, renderReportHtml, type ReportTable } from '@digitkit/viz-svg';
import type { ComparisonResults } from './compare-results.js';
import type { McNemarResult } from '@digitkit/metrics';
import { formatDuration } from './training-progress.js';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** `12.3 MB` / `456 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

/** The comparison table's rows as text cells (report and terminal). */
export function comparisonTableRows(results: ComparisonResults): string[][] {
  return results.rows.map((r) => [
    r.display,
    pct(r.accuracy),
    pct(r.precisionMacro),
    pct(r.recallMacro),
    pct(r.f1Macro),
    r.rocAucMacro === null ? 'n/a' : r.rocAucMacro.toFixed(5),
    formatDuration(r.trainSeconds),
    r.inferenceMsPerImage.toFixed(3),
    formatBytes(r.sizeBytes),
  ]);
}

/** Column names of {@link comparisonTableRows}. */
export const COMPARISON_COLUMNS = [
  'Model', 'Accuracy', 'Precision (macro)', 'Recall (macro)', 'F1 (macro)', 'ROC AUC (macro)', 'Train time', 'Inference ms/image', 'Model size',
];

/** One sentence on a McNemar result. */
export function describeMcNemar(a: string, b: string, result: McNemarResult): string {
  const verdict = result.pValue < 0.05 ? 'the difference is significant at the 5% level' : 'the difference is not significant at the 5% level';
  return (
    `${a} vs ${b}: ${result.onlyARight} test digits only ${a} gets right, ${result.onlyBRight} only ${b}; ` +
    `McNemar (${result.method === 'exact' ? 'exact binomial' : 'χ² with continuity correction'}) statistic ${result.statistic.toFixed(3)}, ` +
    `p = ${result.pValue < 1e-4 ? result.pValue.toExponential(2) : result.pValue.toFixed(4)}: ${verdict}.`
  );
}

/** Inputs of {@link buildCompareReport}. */
export interface CompareReportInput {
  title: string;
  results: ComparisonResults;
  /** Setting → value rows (split sizes, epochs, command, versions…). */
  setup: Array<[string, string]>;
}

/** The self-contained report.html of `digitkit compare`, every figure from @digitkit/viz-svg. */
export function buildCompareReport(input: CompareReportInput): string {
  const { results } = input;
  const names = results.rows.map((r) => r.display);
  const display = (name: string) => results.rows.find((r) => r.name === name)?.display ?? name;
  const table = (columns: string[], rows: Array<Array<string | number>>, caption?: string): ReportTable => ({ columns, rows, caption });
  const sections = [
    {
      title: 'Comparison on the test set',
      table: table(COMPARISON_COLUMNS, comparisonTableRows(results), 'Every model trained on the same seeded split; the test set is used once, here'),
      svg: renderModelComparison(
        results.rows.map((r) => ({
          name: r.display,
          accuracy: 100 * r.accuracy,
          f1Macro: 100 * r.f1Macro,
          trainSeconds: r.trainSeconds,
          inferenceMsPerImage: r.inferenceMsPerImage,
        })),
        {
          metrics: ['accuracy', 'f1Macro', 'trainSeconds', 'inferenceMsPerImage'],
          metricLabels: { accuracy: 'Accuracy (%)', f1Macro: 'Macro F1 (%)', trainSeconds: 'Training (s)', inferenceMsPerImage: 'Inference (ms/image)' },
          title: 'Classic models vs CNNs vs ensembles',
        },
      ),
    },
    {
      title: 'Ensembles against their best member',
      text:
        results.ensemblesVersusBest.length === 0
          ? 'Ensembles need at least two CNNs.'
          : [
              `Every combiner was fitted on the ${results.stackingFit?.examples} validation images only, never on the test set: the weighted soft vote's weights (smallest validation log loss on a 0.05 grid), stacking's meta-learner (multinomial logistic regression on the CNNs' log-probabilities, its L2 penalty chosen by 5-fold cross-validation on the validation part). The ensemble to trust is chosen there too: the smallest validation log loss, out of fold for the fitted combiners (✓ below). The best member is the most accurate CNN on the test set, the strictest comparison.`,
              `Validation accuracy of the members: ${Object.entries(results.memberValidationAccuracy).map(([name, a]) => `${display(name)} ${pct(a)}`).join(', ')}.`,
              ...results.ensemblesVersusBest.map((e) => `${display(e.ensemble)}: ${e.detail}.`),
              ...results.ensemblesVersusBest.map((e) => describeMcNemar(display(e.ensemble), display(e.bestMember), e.mcnemar)),
            ],
      table: table(
        ['Ensemble', 'Chosen on validation', 'Validation log loss', 'Validation accuracy', 'Test accuracy', 'Best member', 'Its accuracy', 'Gain (points)', 'McNemar p'],
        results.ensemblesVersusBest.map((e) => [
          display(e.ensemble),
          e.selected ? '✓' : '',
          e.validation ? `${e.validation.logLoss.toFixed(4)}${e.validation.how === 'out-of-fold' ? ' (out of fold)' : ''}` : 'n/a (labels only)',
          e.validation ? pct(e.validation.accuracy) : 'n/a',
          pct(e.accuracy),
          display(e.bestMember),
          pct(e.bestMemberAccuracy),
          (100 * e.gain).toFixed(2),
          e.mcnemar.pValue.toFixed(4),
        ]),
      ),
    },
    {
      title: "McNemar's test between the two best models",
      text: results.bestTwo ? describeMcNemar(display(results.bestTwo.a), display(results.bestTwo.b), results.bestTwo.mcnemar) : 'Only one model.',
    },
    {
      title: 'Error overlap (diversity)',
      text: 'Test digits both models get wrong (diagonal: each model\'s errors). Accurate models with few shared errors are what an ensemble needs.',
      svg: renderHeatmap(results.errorOverlap, { title: 'Shared errors on the test set', rowLabels: names, columnLabels: names, colorScale: 'viridis', showValues: true }),
      table: table(['', ...names], results.errorOverlap.map((row, i) => [names[i], ...row])),
    },
    {
      title: 'Confusion matrices',
      svg: results.rows.map((r) => renderConfusionMatrix(r.confusionMatrix, { title: `${r.display}: ${pct(r.accuracy)} (rows: true class)` })),
    },
    { title: 'Setup', table: table(['Setting', 'Value'], input.setup) },
  ];
  return renderReportHtml({ title: input.title, sections });
}
