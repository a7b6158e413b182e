import type { ModelEvaluation } from '@digitkit/cnn-models';
import type { DigitDataset } from '@digitkit/core';
import { classDistribution } from '@digitkit/preprocess-augment';
import {
  renderClassDistribution,
  renderConfusionMatrix,
  renderDigitGrid,
  renderPerClassMetrics,
  renderReportHtml,
  renderRocCurves,
  renderSampleGallery,
  renderTrainingCurves,
  type ReportTable,
} from '@digitkit/viz-svg';
import type { MetricsFile } from './metrics-file.js';
import type { RunData } from './prepare-data.js';
import { tableThreeRows } from './test-metrics.js';
import { formatDuration } from './training-progress.js';

/** Inputs of {@link buildRunReport}. */
export interface RunReportInput {
  metrics: MetricsFile;
  data: RunData;
  /** What `evaluateModel` of @digitkit/cnn-models returned on `data.test` (metrics and per-example predictions). */
  evaluation: ModelEvaluation;
}

function table(columns: string[], rows: Array<Array<string | number>>, caption?: string): ReportTable {
  return { columns, rows, caption };
}

function classCounts(dataset: DigitDataset): number[] {
  return classDistribution(dataset.labels, { numClasses: dataset.numClasses }).counts;
}

function rowsOf(dataset: DigitDataset, indices: number[]): Uint8Array[] {
  const size = dataset.rows * dataset.cols;
  return indices.map((i) => dataset.images.subarray(i * size, (i + 1) * size));
}

/** Builds the self-contained report.html of a run: every figure of the two papers, from viz-svg. */
export function buildRunReport(input: RunReportInput): string {
  const { metrics, data, evaluation } = input;
  const { test } = data;
  const { predicted, confidence: confidences, misclassified } = evaluation.predictions;
  const yPred = Array.from(predicted);
  const confidence = (i: number) => confidences[i];
  const labels = Array.from(test.labels);

  const gridIndices = Array.from({ length: Math.min(40, test.count) }, (_, i) => i);
  // Most confident mistakes first: the ones most worth looking at.
  const wrong = [...misclassified].sort((a, b) => confidence(b) - confidence(a));
  const gallery = wrong.slice(0, 60);

  const pairs = evaluation.mostConfusedPairs.filter((p) => p.count > 0);
  const pairGalleries = pairs.slice(0, 3).map((pair) => {
    const members = wrong.filter(
      (i) => (test.labels[i] === pair.a && yPred[i] === pair.b) || (test.labels[i] === pair.b && yPred[i] === pair.a),
    );
    return { pair, members: members.slice(0, 12) };
  });

  const config = metrics.config;
  const t = metrics.timings;
  const sections = [
    {
      title: 'Summary',
      table: [
        table(['Metric', 'Score'], tableThreeRows(metrics.test), 'Performance metrics on the MNIST test set (like Table III of the first paper)'),
        table(
          ['Setting', 'Value'],
          [
            ['Model', config.model],
            ['Preset', metrics.preset],
            ['Backend', metrics.backend.name],
            ['Epochs run / planned', `${metrics.training.epochs.length} / ${config.epochs}${metrics.training.stoppedEarly ? ' (stopped early)' : ''}`],
            ['Best epoch (validation loss)', metrics.training.bestEpoch ?? 'n/a'],
            ['Batch size, learning rate', `${config.batchSize}, ${config.learningRate} (${config.schedule}${config.schedule === 'exponential' ? ` ×${config.learningRateDecay}/epoch` : ''})`],
            ['Augmentation', config.augment ? JSON.stringify(config.augment) : 'none'],
            ['Over-sampling', config.oversample ? 'yes' : 'no'],
            ['Images: train / validation / test', `${metrics.data.train} / ${metrics.data.validation} / ${metrics.data.test}`],
            ['Time: data / train / evaluate / report / total', [t.loadData, t.train, t.evaluate, t.report, t.total].map(formatDuration).join(' / ')],
            ['Command', metrics.command],
            ['Versions', `node ${metrics.versions.node}, tfjs ${metrics.versions.packages['@tensorflow/tfjs-core']}, ${metrics.versions.cpus}x ${metrics.versions.cpu}`],
          ],
          'Run',
        ),
      ],
    },
    {
      title: 'Sample digits per class',
      svg: renderSampleGallery(data.train, { perClass: 10 }),
    },
    {
      title: 'Class distribution',
      svg:
        renderClassDistribution(classCounts(data.trainBeforeOverSampling), {
          kind: 'bar',
          compareWith: config.oversample ? classCounts(data.train) : classCounts(test),
          seriesNames: config.oversample ? ['before over-sampling', 'after over-sampling'] : ['training part', 'test set'],
          title: config.oversample ? 'Training part before vs after over-sampling' : 'Training part vs test set',
        }),
    },
    {
      title: 'Training curves',
      svg: renderTrainingCurves(
        { epochs: metrics.training.epochs, bestEpoch: metrics.training.bestEpoch, stoppedEarly: metrics.training.stoppedEarly },
        { metrics: ['accuracy', 'loss'], showLearningRate: true },
      ),
    },
    {
      title: 'Confusion matrix',
      svg: renderConfusionMatrix(evaluation.confusionMatrix, { title: 'Confusion matrix on the test set (rows: true class)' }),
    },
    {
      title: 'Predictions',
      svg: renderDigitGrid(rowsOf(test, gridIndices), {
        labels: gridIndices.map((i) => labels[i]),
        predictions: gridIndices.map((i) => yPred[i]),
        confidences: gridIndices.map(confidence),
        columns: 10,
      }),
    },
    {
      title: 'Misclassified test digits',
      svg:
        gallery.length > 0
          ? renderDigitGrid(rowsOf(test, gallery), {
              labels: gallery.map((i) => labels[i]),
              predictions: gallery.map((i) => yPred[i]),
              confidences: gallery.map(confidence),
              columns: 10,
            })
          : undefined,
      text: `${wrong.length} of ${test.count} test digits are misclassified${gallery.length < wrong.length ? `; the ${gallery.length} most confident mistakes are shown` : ''}.`,
    },
    {
      title: 'Per-class metrics',
      svg: renderPerClassMetrics(evaluation.report),
      table: table(
        ['Class', 'Precision', 'Recall', 'F1', 'Support'],
        evaluation.report.perClass.map((r) => [r.label, r.precision.toFixed(4), r.recall.toFixed(4), r.f1.toFixed(4), r.support]),
      ),
    },
    {
      title: 'ROC curves (one vs rest)',
      svg: [
        renderRocCurves(evaluation.rocCurves, { title: 'ROC curves, one class vs rest (test set)' }),
        renderRocCurves(evaluation.rocCurves, { title: 'Zoom on the top-left corner', zoom: 0.05 }),
      ],
    },
    {
      title: 'Most confused pairs',
      table: table(
        ['Pair', 'Total', 'a predicted as b', 'b predicted as a'],
        pairs.map((p) => [`${p.a} ↔ ${p.b}`, p.count, p.aAsB, p.bAsA]),
      ),
      svg: pairGalleries
        .filter((g) => g.members.length > 0)
        .map((g) =>
          renderDigitGrid(rowsOf(test, g.members), {
            labels: g.members.map((i) => labels[i]),
            predictions: g.members.map((i) => yPred[i]),
            confidences: g.members.map(confidence),
            columns: 12,
            title: `${g.pair.a} ↔ ${g.pair.b}`,
          }),
        ),
    },
  ];
  return renderReportHtml({ title: `digitkit run ${metrics.run}: ${(100 * metrics.test.accuracy).toFixed(2)}% test accuracy`, sections });
}
