import { checkFunction, checkOptions, checkString } from '@digitkit/core';
import { DigitKitError } from './errors.js';
import { type Decompress, decompressWithStreams, maybeGunzip } from './gzip.js';
import type { IdxArray } from './idx-types.js';
import { parseIdx, toUint8Array } from './parse-idx.js';

/** Anything {@link loadIdx} can read: bytes, a Blob/File, a fetch Response, or a URL to fetch. */
export type IdxSource = Uint8Array | ArrayBuffer | Blob | Response | string | URL;

/** Options of {@link loadIdx}. */
export interface LoadIdxOptions {
  /** Name used in error messages. Default: the URL for URL sources, none otherwise. */
  source?: string;
  /** The fetch used for string/URL sources. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Aborts a pending fetch. */
  signal?: AbortSignal;
  /** Gunzip implementation. Default: `DecompressionStream('gzip')`; the `./node` loaders use `node:zlib`. */
  decompress?: (gzipped: Uint8Array) => Promise<Uint8Array>;
}

const LOAD_IDX_OPTION_KEYS = ['source', 'fetch', 'signal', 'decompress'] as const;

/**
 * Reads one IDX file, gzipped or not (gzip is detected by its magic bytes `0x1f 0x8b`), from bytes,
 * a Blob, a Response or a URL, and decodes it with {@link parseIdx}.
 *
 * @returns `{ dtype, shape, data }` as {@link parseIdx} returns it.
 * @throws IdxFormatError for malformed IDX data or a corrupt gzip stream; DigitKitError when a fetch
 *   fails or answers with a non-2xx status; TypeError for an unsupported source.
 */
export async function loadIdx(source: IdxSource, options: LoadIdxOptions = {}): Promise<IdxArray> {
  const checked = checkOptions('loadIdx', options, LOAD_IDX_OPTION_KEYS);
  if (checked.source !== undefined) checkString('loadIdx', 'source', checked.source);
  if (checked.decompress !== undefined) checkFunction('loadIdx', 'decompress', checked.decompress);
  const { bytes, name } = await readSource(source, options, 'loadIdx');
  const raw = await maybeGunzip(bytes, options.decompress ?? decompressWithStreams, 'loadIdx', name);
  return parseIdx(raw, { source: name });
}

/** Reads any {@link IdxSource} to bytes; URL sources are fetched. */
export async function readSource(
  source: IdxSource,
  options: Pick<LoadIdxOptions, 'fetch' | 'signal' | 'source'>,
  functionName: string,
): Promise<{ bytes: Uint8Array; name: string | undefined }> {
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    const name = options.source ?? url;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (options.fetch !== undefined) checkFunction(functionName, 'fetch', options.fetch);
    if (typeof fetchImpl !== 'function') {
      throw new TypeError(`${functionName}: expected a fetch function to load ${url}, got none in this runtime`);
    }
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: options.signal });
    } catch (cause) {
      throw new DigitKitError(`${functionName}: could not fetch ${url}: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
      });
    }
    return { bytes: await readResponse(response, functionName, url), name };
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    const name = options.source ?? (source.url || undefined);
    return { bytes: await readResponse(source, functionName, name ?? 'the response'), name };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return { bytes: new Uint8Array(await source.arrayBuffer()), name: options.source };
  }
  return { bytes: toUint8Array(source, functionName), name: options.source };
}

async function readResponse(response: Response, functionName: string, name: string): Promise<Uint8Array> {
  if (!response.ok) {
    throw new DigitKitError(`${functionName}: expected an HTTP 2xx response for ${name}, got ${response.status} ${response.statusText}`.trimEnd());
  }
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new DigitKitError(`${functionName}: could not read the body of ${name}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

