import { join } from 'node:path';
import type { DigitDataset } from '@digitkit/core';
import { writeFileAtomic } from '@digitkit/core/node';
import { augmentImages, randomOverSample, summarizeDataset } from '@digitkit/preprocess-augment';
import {
  renderAugmentationComparison,
  renderClassDistribution,
  renderHeatmap,
  renderMeanDigits,
  renderReportHtml,
  renderSampleGallery,
  type ReportTable,
} from '@digitkit/viz-svg';
import { loadDigits } from '../lib/load-data.js';
import { DEFAULT_AUGMENT } from '../lib/training-config.js';
import { createOutputFolder } from '../lib/create-output-folder.js';

/** Options of `digitkit eda`. */
export interface EdaOptions {
  out: string;
  seed: number;
  limit?: number;
}

function table(columns: string[], rows: Array<Array<string | number>>, caption?: string): ReportTable {
  return { columns, rows, caption };
}

/**
 * `digitkit eda`: the second paper's data study of the MNIST training set as its own report — class distribution
 * (bar and pie) before and after random over-sampling, pixel statistics (mean, std, skewness, kurtosis), the pixel
 * correlation heatmap, mean digit per class, random samples and augmentation before/after.
 */
export async function edaCommand(options: EdaOptions, out: (line: string) => void): Promise<string> {
  const started = performance.now();
  await createOutputFolder(options.out);
  const { train } = await loadDigits({ limit: options.limit });
  const summary = summarizeDataset(train, { correlationDownsample: 2 });
  const oversampled = randomOverSample(train, { seed: options.seed });
  const before = oversampled.countsBefore;
  const after = oversampled.countsAfter;
  const stats = summary.pixelStatistics;
  const g = stats.global;

  const sampleCount = 16;
  const picks = pickRandom(train, sampleCount, options.seed);
  const originals = new Uint8Array(sampleCount * 784);
  picks.forEach((index, k) => originals.set(train.images.subarray(index * 784, (index + 1) * 784), k * 784));
  const augmented = augmentImages(originals, { ...DEFAULT_AUGMENT, seed: options.seed });
  const split = (images: Uint8Array) => Array.from({ length: sampleCount }, (_, k) => images.subarray(k * 784, (k + 1) * 784));

  const correlation = summary.pixelCorrelation!;
  const correlationRows = Array.from({ length: correlation.size }, (_, r) =>
    Array.from(correlation.matrix.subarray(r * correlation.size, (r + 1) * correlation.size)),
  );
  const perPixelMean = Array.from({ length: 28 }, (_, r) => Array.from(stats.perPixel.mean.subarray(r * 28, (r + 1) * 28)));
  const perPixelStd = Array.from({ length: 28 }, (_, r) => Array.from(stats.perPixel.std.subarray(r * 28, (r + 1) * 28)));

  const sections = [
    {
      title: 'Data set',
      table: table(
        ['Statistic', 'Value'],
        [
          ['Images', train.count],
          ['Size', `${train.rows}x${train.cols}, grayscale`],
          ['Classes', train.numClasses],
          ['Majority / minority class', `${summary.classDistribution.majority} / ${summary.classDistribution.minority}`],
          ['Imbalance ratio (majority / minority)', summary.classDistribution.imbalanceRatio.toFixed(3)],
          ['Pixel mean (on [0, 1])', g.mean.toFixed(4)],
          ['Pixel std', g.std.toFixed(4)],
          ['Pixel skewness', g.skewness.toFixed(4)],
          ['Pixel kurtosis (excess)', g.kurtosis.toFixed(4)],
          ['Pixel min / max', `${g.min} / ${g.max}`],
          ['Ink fraction (pixels > 0)', g.inkFraction.toFixed(4)],
        ],
        'Statistical summary of the MNIST training images',
      ),
    },
    { title: 'Random samples per class', svg: renderSampleGallery(train, { perClass: 10, offset: options.seed }) },
    {
      title: 'Class distribution before and after random over-sampling',
      svg: [
        renderClassDistribution(before, { kind: 'bar', compareWith: after, seriesNames: ['original', 'after RandomOverSampler'], title: 'Examples per class: original vs over-sampled' }),
        renderClassDistribution(before, { kind: 'pie', title: 'Original' }),
        renderClassDistribution(after, { kind: 'pie', title: 'After RandomOverSampler' }),
      ],
      table: table(
        ['Class', 'Before', 'After'],
        before.map((c, k) => [k, c, after[k]]),
      ),
    },
    {
      title: 'Pixel statistics',
      svg: [
        renderHeatmap(perPixelMean, { title: 'Mean of each pixel', colorScale: 'viridis', showValues: false }),
        renderHeatmap(perPixelStd, { title: 'Standard deviation of each pixel', colorScale: 'viridis', showValues: false }),
      ],
    },
    {
      title: 'Pixel correlation',
      svg: renderHeatmap(correlationRows, {
        title: `Pearson correlation of 2x2 pixel blocks (${correlation.size}x${correlation.size})`,
        colorScale: 'rdbu',
        domain: [-1, 1],
        allowNaN: true,
      }),
    },
    {
      title: 'Mean digit per class',
      svg: renderMeanDigits(summary.meanImagePerClass.means, { rows: train.rows, cols: train.cols, pixelRange: 'auto-max' }),
    },
    {
      title: 'Augmentation before and after',
      svg: renderAugmentationComparison(split(originals), split(augmented)),
      text: `Augmentation: ${JSON.stringify(DEFAULT_AUGMENT)}`,
    },
  ];
  const path = join(options.out, 'report.html');
  await writeFileAtomic(path, renderReportHtml({ title: 'digitkit: MNIST data study', sections }), { functionName: 'digitkit' });
  const summaryJson = {
    count: train.count,
    classCountsBefore: before,
    classCountsAfter: after,
    imbalanceRatio: summary.classDistribution.imbalanceRatio,
    pixel: { mean: g.mean, std: g.std, skewness: g.skewness, kurtosis: g.kurtosis, min: g.min, max: g.max, inkFraction: g.inkFraction },
  };
  await writeFileAtomic(join(options.out, 'summary.json'), `${JSON.stringify(summaryJson, null, 2)}\n`, { functionName: 'digitkit' });
  out(
    `${train.count} training images; classes ${before.join(' ')} → over-sampled ${after.join(' ')}; ` +
      `pixels mean ${g.mean.toFixed(4)} std ${g.std.toFixed(4)} skewness ${g.skewness.toFixed(3)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  out(`report: ${path}`);
  return path;
}

function pickRandom(dataset: DigitDataset, n: number, seed: number): number[] {
  // Every (count / n)-th image, offset by the seed: a spread-out, reproducible pick.
  const step = Math.max(1, Math.floor(dataset.count / n));
  return Array.from({ length: Math.min(n, dataset.count) }, (_, k) => (seed + k * step) % dataset.count);
}
