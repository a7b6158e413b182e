import { MismatchError, checkDataset, checkFiniteNumber, checkInteger, createRng, shuffleInPlace, type DigitDataset } from '@digitkit/core';

/**
 * A seeded random sample of exactly `perClass` examples of every class (the "N labelled examples per class" of
 * few-shot and transfer experiments), in class order then sample order.
 *
 * @param dataset - Any `DigitDataset`.
 * @param perClass - Examples per class, an integer >= 1.
 * @param seed - Seed of the draw. Default `0`.
 * @returns A new data set of `perClass * numClasses` examples.
 * @throws MismatchError when a class has fewer than `perClass` examples.
 */
export function samplePerClass(dataset: DigitDataset, perClass: number, seed = 0): DigitDataset {
  const fn = 'samplePerClass';
  checkDataset(fn, dataset);
  checkInteger(fn, 'perClass', perClass, { min: 1 });
  checkFiniteNumber(fn, 'seed', seed);
  const byClass: number[][] = Array.from({ length: dataset.numClasses }, () => []);
  for (let i = 0; i < dataset.count; i++) byClass[dataset.labels[i]].push(i);
  const rng = createRng(seed);
  const chosen: number[] = [];
  byClass.forEach((indices, c) => {
    if (indices.length < perClass) {
      throw new MismatchError({
        functionName: fn, subject: `class ${c}`, expected: `at least ${perClass} examples`, found: `${indices.length}`,
        fix: 'ask for fewer examples per class or pass more data',
      });
    }
    shuffleInPlace(indices, rng);
    chosen.push(...indices.slice(0, perClass));
  });
  const size = dataset.rows * dataset.cols;
  const images = new Uint8Array(chosen.length * size);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach((index, j) => {
    images.set(dataset.images.subarray(index * size, (index + 1) * size), j * size);
    labels[j] = dataset.labels[index];
  });
  return { images, labels, count: chosen.length, rows: dataset.rows, cols: dataset.cols, numClasses: dataset.numClasses };
}
