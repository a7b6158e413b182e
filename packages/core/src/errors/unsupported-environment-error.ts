import { DigitKitError } from './digitkit-error.js';

/** Fields of an {@link UnsupportedEnvironmentError}. */
export interface UnsupportedEnvironmentErrorDetails {
  /** The function that found the problem, e.g. `'enableWasmTraining'`; it starts the message. */
  functionName: string;
  /** What is needed, e.g. `'@tensorflow/tfjs-backend-wasm 4.22.0'` or `'the wasm backend to be active'`. */
  expected: string;
  /** What the environment has, e.g. `'4.21.0'` or `'the cpu backend'`. */
  found: string;
  /** What the user can do about it, e.g. `'install @tensorflow/tfjs-backend-wasm@4.22.0'`. */
  fix?: string;
  /** A lower-level error (a failed WebAssembly compile, say), when there is one. */
  cause?: unknown;
}

/**
 * Thrown when the runtime cannot do what was asked: a tfjs version whose private internals digitkit was not
 * written against, a backend that is not registered or not active, a WebAssembly module that does not
 * compile. The message reads `<function>: expected <expected>, got <found>[; <fix>]`.
 */
export class UnsupportedEnvironmentError extends DigitKitError {
  /** What is needed. */
  readonly expected: string;
  /** What the environment has. */
  readonly found: string;

  constructor(details: UnsupportedEnvironmentErrorDetails) {
    const fix = details.fix === undefined ? '' : `; ${details.fix}`;
    super(`${details.functionName}: expected ${details.expected}, got ${details.found}${fix}`, { cause: details.cause });
    this.name = 'UnsupportedEnvironmentError';
    this.expected = details.expected;
    this.found = details.found;
  }
}
