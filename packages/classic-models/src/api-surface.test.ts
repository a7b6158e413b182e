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
  expect(Object.keys(node).sort()).toEqual(['CLASSIC_MODEL_JSON', 'CLASSIC_WEIGHTS_BIN', 'loadClassicModel', 'saveClassicModel']);
});

it('./linear imports nothing from tfjs (transitively), so it works without @tensorflow/tfjs-core installed', () => {
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
  visit(join(here, 'linear.ts'));
  expect([...packages].sort()).toEqual(['@digitkit/core']);
  expect(seen.size).toBeGreaterThan(5);
});
