export { normalize } from './normalize.js';
export type { NormalizeOptions, NormalizeResult } from './normalize.js';
export { oneHot } from './one-hot.js';
export { toImageTensor, flattenImages, unflattenImages, toUint8Images } from './image-tensors.js';
export type { ToImageTensorOptions } from './image-tensors.js';
export { randomOverSample } from './random-over-sample.js';
export type { OverSampleStrategy, RandomOverSampleOptions, RandomOverSampleResult } from './random-over-sample.js';
export { augmentBatch } from './augment-batch.js';
export { augmentImages } from './augment-images.js';
export type { AugmentImagesOptions } from './augment-images.js';
export { drawAugmentation } from './augment-options.js';
export type {
  AffineParams, AugmentDraws, AugmentOptions, AugmentRange, AugmentShape, ElasticOptions,
} from './augment-options.js';
export { projectiveTransform } from './projective-transform.js';
export { deskew, imageMoments } from './deskew.js';
export type { DeskewOptions, ImageMoments } from './deskew.js';
export { classDistribution } from './class-distribution.js';
export type { ClassDistribution } from './class-distribution.js';
export { pixelStatistics } from './pixel-statistics.js';
export type { MomentSummary, PixelStatistics, PixelStatisticsOptions } from './pixel-statistics.js';
export { pixelCorrelation } from './pixel-correlation.js';
export type { PixelCorrelation, PixelCorrelationOptions } from './pixel-correlation.js';
export { meanImagePerClass } from './mean-image-per-class.js';
export type { MeanImages } from './mean-image-per-class.js';
export { summarizeDataset } from './summarize-dataset.js';
export type { DatasetSummary, SummarizeDatasetOptions } from './summarize-dataset.js';

export { toMnistDigit } from './mnist-digit.js';
export type { MnistDigit } from './mnist-digit.js';
export { rgbaToGray, toGrayImage } from './to-gray-image.js';
export type { GrayImage, PixelImage } from './to-gray-image.js';

export { corruptDataset } from './corruptions/corrupt-dataset.js';
export type { CorruptDatasetOptions } from './corruptions/corrupt-dataset.js';
export { CORRUPTIONS, MAX_SEVERITY, describeCorruption } from './corruptions/corruptions.js';
export type { CorruptionInfo } from './corruptions/corruptions.js';
export type { CorruptionFamily, CorruptionName } from './corruptions/corruption-registry.js';
