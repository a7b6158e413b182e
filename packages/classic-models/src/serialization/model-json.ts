import { IntegrityError, describeValue } from '@digitkit/core';
import type { ClassicModelKind } from '../classic-classifier.js';
import { decodeBase64, encodeBase64 } from './base64.js';

/** Element types of a stored array. */
export type StoredDtype = 'float32' | 'float64' | 'int32' | 'uint8';

/** A typed array of one of the {@link StoredDtype}s. */
export type StoredArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A JSON value (what `config` holds). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One array in {@link ClassicModelJson}: dtype, shape and the little-endian bytes in base64. */
export interface EncodedArray {
  dtype: StoredDtype;
  shape: number[];
  base64: string;
}

/** One array in a {@link ClassicModelManifest}: where its bytes sit in the weights binary. */
export interface ManifestArray {
  dtype: StoredDtype;
  shape: number[];
  byteOffset: number;
  byteLength: number;
}

/** The whole model as JSON-safe data: what `model.toJSON()` returns and `classicModelFromJson` reads. */
export interface ClassicModelJson {
  format: 'digitkit-classic-model';
  formatVersion: 1;
  kind: ClassicModelKind;
  /** Hyperparameters and scalars (options, class count, fit statistics). */
  config: { [key: string]: JsonValue };
  arrays: { [name: string]: EncodedArray };
}

/** The JSON half of the binary form (`model.json`); the bytes live in `weights.bin`. */
export interface ClassicModelManifest {
  format: 'digitkit-classic-model';
  formatVersion: 1;
  kind: ClassicModelKind;
  config: { [key: string]: JsonValue };
  arrays: { [name: string]: ManifestArray };
  /** Bytes of the weights binary. */
  weightsBytes: number;
  /** SHA-256 of the weights binary (64 hex digits), written and verified by `./node`'s save/load. */
  weightsSha256?: string;
}

/** A model's content as typed arrays (what every model kind turns into JSON and back). */
export interface ModelState {
  kind: ClassicModelKind;
  config: { [key: string]: JsonValue };
  arrays: { [name: string]: StoredArray };
}

const KINDS: readonly ClassicModelKind[] = [
  'k-nearest-neighbors',
  'support-vector-machine',
  'logistic-regression',
  'linear-support-vector-machine',
  'pca',
];

function dtypeOf(array: StoredArray): StoredDtype {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'uint8';
}

const BYTES: Record<StoredDtype, number> = { float32: 4, float64: 8, int32: 4, uint8: 1 };

function bytesOf(array: StoredArray): Uint8Array {
  // Typed arrays are little-endian on every platform tfjs and Node run on.
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function arrayFromBytes(dtype: StoredDtype, bytes: Uint8Array): StoredArray {
  const copy = bytes.slice(); // aligned, owned
  switch (dtype) {
    case 'float32':
      return new Float32Array(copy.buffer);
    case 'float64':
      return new Float64Array(copy.buffer);
    case 'int32':
      return new Int32Array(copy.buffer);
    default:
      return copy;
  }
}

/** Shapes are stored with every array; state arrays are flat, so the shape is `[length]` unless given. */
export function stateToJson(state: ModelState, shapes: { [name: string]: number[] } = {}): ClassicModelJson {
  const arrays: { [name: string]: EncodedArray } = {};
  for (const [name, array] of Object.entries(state.arrays)) {
    arrays[name] = { dtype: dtypeOf(array), shape: shapes[name] ?? [array.length], base64: encodeBase64(bytesOf(array)) };
  }
  return { format: 'digitkit-classic-model', formatVersion: 1, kind: state.kind, config: state.config, arrays };
}

function checkHeader(functionName: string, file: string, json: unknown): { kind: ClassicModelKind; config: { [key: string]: JsonValue } } {
  const header = json as Partial<ClassicModelJson> | null;
  if (typeof header !== 'object' || header === null || header.format !== 'digitkit-classic-model') {
    throw new IntegrityError({ functionName, file, expected: "a digitkit classic model (format 'digitkit-classic-model')", found: describeValue(header?.format ?? header) });
  }
  if (header.formatVersion !== 1) {
    throw new IntegrityError({ functionName, file, expected: 'formatVersion 1', found: describeValue(header.formatVersion), fix: 'upgrade @digitkit/classic-models' });
  }
  if (!KINDS.includes(header.kind as ClassicModelKind)) {
    throw new IntegrityError({ functionName, file, expected: `kind one of ${KINDS.join(', ')}`, found: describeValue(header.kind) });
  }
  if (typeof header.config !== 'object' || header.config === null || typeof header.arrays !== 'object' || header.arrays === null) {
    throw new IntegrityError({ functionName, file, expected: 'config and arrays objects', found: 'missing fields' });
  }
  return { kind: header.kind as ClassicModelKind, config: header.config };
}

function checkArraySize(functionName: string, file: string, name: string, dtype: unknown, shape: unknown, byteLength: number): StoredDtype {
  if (typeof dtype !== 'string' || !(dtype in BYTES)) {
    throw new IntegrityError({ functionName, file, expected: `array ${name} of dtype float32, float64, int32 or uint8`, found: describeValue(dtype) });
  }
  const size = Array.isArray(shape) ? shape.reduce((a: number, b: number) => a * b, 1) : NaN;
  const expected = size * BYTES[dtype as StoredDtype];
  if (!Number.isSafeInteger(expected) || expected !== byteLength) {
    throw new IntegrityError({ functionName, file, expected: `${expected} bytes for array ${name} (${dtype} [${String(shape)}])`, found: `${byteLength} bytes` });
  }
  return dtype as StoredDtype;
}

/** Reads a {@link ClassicModelJson} back into typed arrays. @throws IntegrityError for malformed JSON. */
export function jsonToState(functionName: string, json: unknown, file = 'model JSON'): ModelState {
  const { kind, config } = checkHeader(functionName, file, json);
  const arrays: { [name: string]: StoredArray } = {};
  for (const [name, encoded] of Object.entries((json as ClassicModelJson).arrays)) {
    const bytes = typeof encoded?.base64 === 'string' ? decodeBase64(encoded.base64) : undefined;
    if (bytes === undefined) {
      throw new IntegrityError({ functionName, file, expected: `array ${name} as base64`, found: describeValue(encoded?.base64) });
    }
    const dtype = checkArraySize(functionName, file, name, encoded.dtype, encoded.shape, bytes.length);
    arrays[name] = arrayFromBytes(dtype, bytes);
  }
  return { kind, config, arrays };
}

/** The binary form: a manifest (JSON) and one weights buffer holding every array, 8-byte aligned. */
export function stateToBinary(state: ModelState, shapes: { [name: string]: number[] } = {}): { manifest: ClassicModelManifest; weights: Uint8Array } {
  const arrays: { [name: string]: ManifestArray } = {};
  let offset = 0;
  for (const [name, array] of Object.entries(state.arrays)) {
    arrays[name] = { dtype: dtypeOf(array), shape: shapes[name] ?? [array.length], byteOffset: offset, byteLength: array.byteLength };
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const weights = new Uint8Array(offset);
  for (const [name, array] of Object.entries(state.arrays)) weights.set(bytesOf(array), arrays[name].byteOffset);
  return {
    manifest: { format: 'digitkit-classic-model', formatVersion: 1, kind: state.kind, config: state.config, arrays, weightsBytes: offset },
    weights,
  };
}

/** Reads the binary form back. @throws IntegrityError for a manifest that does not fit the weights. */
export function binaryToState(functionName: string, manifest: unknown, weights: Uint8Array, file = 'weights'): ModelState {
  const { kind, config } = checkHeader(functionName, file, manifest);
  const { arrays: specs, weightsBytes } = manifest as ClassicModelManifest;
  if (weightsBytes !== weights.length) {
    throw new IntegrityError({ functionName, file, expected: `${String(weightsBytes)} bytes (from the manifest)`, found: `${weights.length} bytes`, fix: 'the file is truncated or from another model' });
  }
  const arrays: { [name: string]: StoredArray } = {};
  for (const [name, spec] of Object.entries(specs)) {
    const dtype = checkArraySize(functionName, file, name, spec?.dtype, spec?.shape, spec?.byteLength);
    if (!Number.isSafeInteger(spec.byteOffset) || spec.byteOffset < 0 || spec.byteOffset + spec.byteLength > weights.length) {
      throw new IntegrityError({ functionName, file, expected: `array ${name} inside the ${weights.length}-byte weights`, found: `offset ${String(spec.byteOffset)}` });
    }
    arrays[name] = arrayFromBytes(dtype, weights.subarray(spec.byteOffset, spec.byteOffset + spec.byteLength));
  }
  return { kind, config, arrays };
}

/** Reads a config entry that must be a number. */
export function configNumber(functionName: string, state: ModelState, key: string): number {
  const value = state.config[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new IntegrityError({ functionName, file: 'model JSON', expected: `config.${key} to be a number`, found: describeValue(value) });
  }
  return value;
}

/** Reads a config entry that must be a string. */
export function configString(functionName: string, state: ModelState, key: string): string {
  const value = state.config[key];
  if (typeof value !== 'string') {
    throw new IntegrityError({ functionName, file: 'model JSON', expected: `config.${key} to be a string`, found: describeValue(value) });
  }
  return value;
}

/** Reads a state array of the given dtype and length. */
export function stateArray<T extends StoredArray>(functionName: string, state: ModelState, name: string, type: new (n: number) => T, length: number): T {
  const array = state.arrays[name];
  if (!(array instanceof type) || array.length !== length) {
    throw new IntegrityError({ functionName, file: 'model JSON', expected: `array ${name} of ${length} ${type.name} entries`, found: array === undefined ? 'no such array' : `${array.length} ${array.constructor.name} entries` });
  }
  return array;
}
