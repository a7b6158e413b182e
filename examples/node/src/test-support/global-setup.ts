import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Builds dist/cli.js once so the tests run the real binary. */
export default function setup(): void {
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  const tsupDir = dirname(createRequire(import.meta.url).resolve('tsup/package.json'));
  execFileSync(process.execPath, [join(tsupDir, 'dist/cli-default.js'), '--silent'], { cwd, stdio: 'inherit' });
}
