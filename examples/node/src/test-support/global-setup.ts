import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DIST } from './cli-process.js';

/**
 * Builds the CLI once, into its own folder `.test-dist/` (see `CLI_PATH`), so the tests run the real binary. Not into
 * dist/: turbo may run this example's own `build` (tsup, `clean: true`) at the same time — `lint:package` depends on
 * `build` — and a CLI started meanwhile then found a chunk deleted under it (`Cannot find module dist/chunk-….js`).
 */
export default function setup(): void {
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  const tsupDir = dirname(createRequire(import.meta.url).resolve('tsup/package.json'));
  execFileSync(process.execPath, [join(tsupDir, 'dist/cli-default.js'), '--silent', '--out-dir', TEST_DIST], { cwd, stdio: 'inherit' });
}
