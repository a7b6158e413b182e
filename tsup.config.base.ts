import { defineConfig, type Options } from 'tsup';

/**
 * The one build configuration of every digitkit package: ESM + CJS + `.d.ts` (tsup), source maps, ES2022.
 * A package's `tsup.config.ts` names its entries (one per environment subpath) and any addition.
 */
export function definePackageConfig(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...extra,
  });
}
