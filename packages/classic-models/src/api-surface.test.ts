import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import * as linear from './linear.js';
import * as main from './index.js';
import * as node from './node.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(main).sort()).toEqual([
    'classicModelFromJson',
    'decodeClassicModel',
    'encodeClassicModel',
    'fitKNearestNeighbors',
    'fitLinearSupportVectorMachine',
    'fitLogisticRegression',
    'fitPca',
    'fitSupportVectorMachine',
  ]);
  expect(Object.keys(linear).sort()).toEqual([
    'fitLinearSupportVectorMachine',
    'fitLogisticRegression',
    'linearModelFromJson',
    'logisticLossAndGradient',
  ]);
  expect(Object.keys(node).sort()).toEqual([
    'CLASSIC_MODEL_JSON',
    'CLASSIC_WEIGHTS_BIN',
    'WorkerError',
    'fitLinearSupportVectorMachineInParallel',
    'fitLogisticRegressionInParallel',
    'fitSupportVectorMachineInParallel',
    'loadClassicModel',
    'saveClassicModel',
  ]);
});

/** The bare module names an entry imports, transitively through its relative imports. */
function importedPackages(entry: string): { packages: string[]; files: number } {
  const here = dirname(fileURLToPath(import.meta.url));
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
      const target = match[1];
      if (target.startsWith('.')) visit(resolve(dirname(file), target.replace(/\.js$/, '.ts')));
      else packages.add(target);
    }
  };
  visit(join(here, entry));
  return { packages: [...packages].sort(), files: seen.size };
}

it('the . entry stays pure: no node: module (the worker-thread fits live in ./node)', () => {
  const { packages, files } = importedPackages('index.ts');
  expect(packages).toEqual(['@digitkit/core', '@tensorflow/tfjs-core']);
  expect(files).toBeGreaterThan(10);
  expect(importedPackages('node.ts').packages).toContain('node:worker_threads');
});

it('./linear imports nothing from tfjs (transitively), so it works without @tensorflow/tfjs-core installed', () => {
  const { packages, files } = importedPackages('linear.ts');
  expect(packages).toEqual(['@digitkit/core']);
  expect(files).toBeGreaterThan(5);
});
