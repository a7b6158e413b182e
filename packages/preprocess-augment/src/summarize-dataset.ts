import { classDistribution, type ClassDistribution } from './class-distribution.js';
import { checkOptions, type DigitDataset } from '@digitkit/core';
import { checkByteDataset } from './internal/validate.js';
import { meanImagePerClass, type MeanImages } from './mean-image-per-class.js';
import { pixelCorrelation, type PixelCorrelation } from './pixel-correlation.js';
import { pixelStatistics, type PixelStatistics } from './pixel-statistics.js';

/** Options of {@link summarizeDataset}. */
export interface SummarizeDatasetOptions {
  /** Downsampling of the correlation matrix (see `pixelCorrelation`), or `false` to skip it. Default `2` (196x196 on MNIST). */
  correlationDownsample?: number | false;
}

/** Result of {@link summarizeDataset}: everything an EDA report needs. */
export interface DatasetSummary {
  count: number;
  rows: number;
  cols: number;
  numClasses: number;
  classDistribution: ClassDistribution;
  /** In [0, 1] units. */
  pixelStatistics: PixelStatistics;
  /** Absent when `correlationDownsample` is `false` or the dataset has fewer than 2 images. */
  pixelCorrelation?: PixelCorrelation;
  meanImagePerClass: MeanImages;
}

/**
 * Runs every EDA statistic on a dataset: class distribution, pixel statistics, pixel correlation and mean
 * image per class.
 * @param dataset a `DigitDataset`
 */
export function summarizeDataset(dataset: DigitDataset, options: SummarizeDatasetOptions = {}): DatasetSummary {
  checkByteDataset('summarizeDataset', dataset);
  checkOptions('summarizeDataset', options, ['correlationDownsample']);
  const { correlationDownsample = 2 } = options;
  const { images, labels, count, rows, cols, numClasses } = dataset;
  return {
    count,
    rows,
    cols,
    numClasses,
    classDistribution: classDistribution(labels, { numClasses }),
    pixelStatistics: pixelStatistics(images, { rows, cols }),
    pixelCorrelation: correlationDownsample === false || count < 2
      ? undefined
      : pixelCorrelation(images, { rows, cols, downsample: correlationDownsample }),
    meanImagePerClass: meanImagePerClass(dataset),
  };
}
