import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The tests' own build folder (relative to this example's root), written by vitest's global setup. */
export const TEST_DIST = '.test-dist';

/** Path of the built CLI (vitest's global setup builds it first, into {@link TEST_DIST}). */
export const CLI_PATH = fileURLToPath(new URL(`../../${TEST_DIST}/cli.js`, import.meta.url));

/** Result of one CLI process. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node .test-dist/cli.js ...args` in `cwd` and collects its output. */
export function runCliProcess(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd,
      env: { ...process.env, DIGITKIT_DEBUG: '', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
