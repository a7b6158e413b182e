import { loadMnist } from '@digitkit/mnist-data/node';
import type { DigitDataset } from '@digitkit/core';
import { UserError } from './user-error.js';

/** Options for {@link loadDigits}. */
export interface LoadDigitsOptions {
  /** Keep only the first `limit` train and test images, or per split `{ train, test }` (default: all 60,000 / 10,000). */
  limit?: number | { train?: number; test?: number };
  /** Folder holding the four IDX files (gzipped or not); default: the embedded MNIST. */
  dir?: string;
}

/** Loads MNIST (embedded by default) and turns loader failures into one-line {@link UserError}s. */
export async function loadDigits(options: LoadDigitsOptions = {}): Promise<{ train: DigitDataset; test: DigitDataset }> {
  try {
    return await loadMnist({ limit: options.limit, dir: options.dir });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserError(`cannot load the data set${options.dir ? ` from ${options.dir}` : ''}: ${message}`, { cause: error });
  }
}
