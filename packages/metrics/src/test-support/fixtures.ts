/** Test helper: loads the scikit-learn fixtures and compares numbers structurally. Not part of the package. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * The scikit-learn 1.2 fixtures: `../shared/fixtures/metrics` next to the repository (the project's shared folder)
 * when it is there, else the copy committed in `src/__fixtures__/shared` (a fresh clone on another machine).
 * A test checks that the copy equals the shared folder whenever both exist.
 */
export const SHARED_FIXTURE_DIR = fileURLToPath(new URL('../../../../../shared/fixtures/metrics/', import.meta.url));
export const COMMITTED_FIXTURE_DIR = fileURLToPath(new URL('../__fixtures__/shared/', import.meta.url));
export const FIXTURE_DIR = existsSync(SHARED_FIXTURE_DIR) ? SHARED_FIXTURE_DIR : COMMITTED_FIXTURE_DIR;

export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
}

export interface MetricFixture {
  file: string;
  name: string;
  numClasses: number;
  yTrue: number[];
  yPred: number[];
  yScore: number[][] | null;
  expected: Record<string, unknown>;
  notes?: string;
}

export function loadFixtures(): MetricFixture[] {
  return fixtureFiles(FIXTURE_DIR).map((file) => ({ file, ...JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) }));
}

/** Flattens nested expected values into `[path, leaf]` pairs (`averages.macro.f1`, ...). */
export function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
  }
  return [[path, value]];
}

/** Asserts that `actual` has the same structure as `expected` and every number is within `tolerance`. */
export function expectClose(actual: unknown, expected: unknown, where: string, tolerance = 1e-9): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) || ArrayBuffer.isView(actual), `${where}: expected an array`).toBe(true);
    const list = actual as ArrayLike<unknown>;
    expect(list.length, `${where}: length`).toBe(expected.length);
    expected.forEach((item, i) => expectClose(list[i], item, `${where}[${i}]`, tolerance));
    return;
  }
  if (typeof expected === 'number') {
    expect(typeof actual, `${where}: expected a number, got ${String(actual)}`).toBe('number');
    const difference = Math.abs((actual as number) - expected);
    expect(difference, `${where}: got ${String(actual)}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
    return;
  }
  expect(actual, where).toEqual(expected);
}
