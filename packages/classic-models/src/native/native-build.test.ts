import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DENSE_ROWS_SHARED_WASM_BASE64, DENSE_ROWS_WASM_BASE64 } from './dense-rows-wasm.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const have = (command: string) => spawnSync(command, ['--version']).status === 0;
const toolchain = have('clang-16') && have('wasm-ld-16');
if (!toolchain && process.env.CI) {
  // CI installs Debian's clang-16 and lld-16 (.ci/run); without them the source-vs-binary check cannot run.
  throw new Error('native-build: expected clang-16 and wasm-ld-16 on PATH under CI (apt-get install clang-16 lld-16), found none');
}

describe('dense-row kernels build (native/dense-rows.c)', () => {
  for (const [name, base64, shared] of [
    ['plain', DENSE_ROWS_WASM_BASE64, false],
    ['shared', DENSE_ROWS_SHARED_WASM_BASE64, true],
  ] as const) {
    it(`the ${name} build imports only a ${name} memory, exports the seven kernels and leaves the memory as it was on load`, () => {
      const module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(WebAssembly.Module.exports(module)).toEqual([
        { name: 'dot_f32_f64', kind: 'function' },
        { name: 'axpy_f32_f64', kind: 'function' },
        { name: 'squared_distance_f64_f32', kind: 'function' },
        { name: 'bound_scores', kind: 'function' },
        { name: 'top_scores', kind: 'function' },
        { name: 'scan_at_least', kind: 'function' },
        { name: 'project_row_f32_f64', kind: 'function' },
      ]);
      const memory = new WebAssembly.Memory({ initial: 4, maximum: 4, ...(shared ? { shared: true } : {}) });
      const bytes = new Uint8Array(memory.buffer);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 255;
      const before = Uint8Array.from(bytes);
      new WebAssembly.Instance(module, { env: { memory } });
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(before))).toBe(0);
      const other = new WebAssembly.Memory({ initial: 4, maximum: 4, ...(shared ? {} : { shared: true }) });
      expect(() => new WebAssembly.Instance(module, { env: { memory: other } })).toThrow(WebAssembly.LinkError);
    });
  }

  it.skipIf(!toolchain)('the embedded modules match a rebuild from native/dense-rows.c with clang-16 (byte for byte)', () => {
    const out = mkdtempSync(join(tmpdir(), 'digitkit-dense-rows-'));
    try {
      execFileSync('sh', [join(here, '../../native/build.sh'), out]);
      expect(readFileSync(join(out, 'dense-rows-wasm.ts'), 'utf8')).toBe(readFileSync(join(here, 'dense-rows-wasm.ts'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
