import { definePackageConfig } from '../../tsup.config.base.js';

export default definePackageConfig(
  { index: 'src/index.ts', node: 'src/node.ts' },
  // One copy of the error classes between the . and ./node entries in the CJS build too (instanceof holds).
  { splitting: true },
);
