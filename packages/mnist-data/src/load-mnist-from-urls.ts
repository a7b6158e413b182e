import { checkOptions, describeValue } from '@digitkit/core';
import { MNIST_LOAD_OPTION_KEYS, assembleMnist, resolveLoadOptions } from './assemble-dataset.js';
import type { MnistData, MnistFiles, MnistLoadOptions } from './digit-dataset.js';
import { MNIST_FILE_KEYS } from './digit-dataset.js';
import { readSource } from './load-idx.js';

/** Options of {@link loadMnistFromUrls}. */
export interface LoadMnistFromUrlsOptions extends MnistLoadOptions {
  /** The fetch to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Aborts the pending fetches. */
  signal?: AbortSignal;
}

/**
 * Fetches the four MNIST-layout IDX files (gzipped or not) in parallel and builds `{ train, test }`,
 * checked the same way as {@link loadMnistFromBuffers}. Works in browsers and in any runtime with
 * `fetch`; nothing is cached.
 *
 * @param urls - Absolute URLs (or URLs relative to the page in a browser) of the four files.
 * @throws DigitKitError when a fetch fails or answers non-2xx; IdxFormatError for malformed files.
 */
export async function loadMnistFromUrls(
  urls: MnistFiles<string | URL>,
  options: LoadMnistFromUrlsOptions = {},
): Promise<MnistData> {
  const functionName = 'loadMnistFromUrls';
  const resolved = resolveLoadOptions(options, functionName, [...MNIST_LOAD_OPTION_KEYS, 'fetch', 'signal']);
  if (typeof urls !== 'object' || urls === null || urls instanceof URL) {
    throw new TypeError(`${functionName}: expected { trainImages, trainLabels, testImages, testLabels } URLs, got ${describeValue(urls)}`);
  }
  checkOptions(functionName, urls, MNIST_FILE_KEYS, 'urls');
  for (const key of MNIST_FILE_KEYS) {
    if (typeof urls[key] !== 'string' && !(urls[key] instanceof URL)) {
      throw new TypeError(`${functionName}: expected urls.${key} to be a string or URL, got ${describeValue(urls[key])}`);
    }
  }
  const read = await Promise.all(
    MNIST_FILE_KEYS.map((key) => readSource(urls[key], { fetch: options.fetch, signal: options.signal }, functionName)),
  );
  const bytes = {} as MnistFiles<Uint8Array>;
  const names = {} as MnistFiles<string | undefined>;
  MNIST_FILE_KEYS.forEach((key, i) => {
    bytes[key] = read[i].bytes;
    names[key] = read[i].name;
  });
  return assembleMnist(bytes, names, options, resolved, functionName);
}
