import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  KERNELS_RELAXED_SHARED_WASM_BASE64,
  KERNELS_RELAXED_WASM_BASE64,
  KERNELS_SHARED_WASM_BASE64,
  KERNELS_WASM_BASE64,
} from './kernels-wasm.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const builds = {
  plain: KERNELS_WASM_BASE64,
  shared: KERNELS_SHARED_WASM_BASE64,
  'relaxed-SIMD plain': KERNELS_RELAXED_WASM_BASE64,
  'relaxed-SIMD shared': KERNELS_RELAXED_SHARED_WASM_BASE64,
};

/** Whether `command --version` runs. */
function have(command: string): boolean {
  return spawnSync(command, ['--version']).status === 0;
}

const toolchain = have('clang-16') && have('wasm-ld-16');
const objdump = have('llvm-objdump-16');
if (!toolchain && process.env.CI) {
  // CI installs Debian's clang-16 and lld-16 (.ci/run); without them the source-vs-binary check cannot run.
  throw new Error('native-build: expected clang-16 and wasm-ld-16 on PATH under CI (apt-get install clang-16 lld-16), found none');
}

/** Section ids of a wasm binary (https://webassembly.github.io/spec/core/binary/modules.html#sections). */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const id = bytes[offset++];
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[offset++];
      size |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    ids.push(id);
    offset += size;
  }
  return ids;
}

describe('native kernels build', () => {
  for (const [name, base64] of Object.entries(builds)) {
    it(`the ${name} build writes nothing into the imported heap on load (no data, start or data count section)`, () => {
      const ids = sectionIds(Buffer.from(base64, 'base64'));
      expect(ids).toContain(10); // code: a real module, not an empty one
      expect(ids).not.toContain(11); // data
      expect(ids).not.toContain(8); // start
      expect(ids).not.toContain(12); // data count
    });
  }

  it.skipIf(!toolchain)('the embedded modules match a rebuild from native/kernels.c with clang-16 (byte for byte)', () => {
    const out = mkdtempSync(join(tmpdir(), 'digitkit-native-'));
    try {
      execFileSync('sh', [join(here, '../../native/build.sh'), out]);
      expect(readFileSync(join(out, 'kernels-wasm.ts'), 'utf8')).toBe(readFileSync(join(here, 'kernels-wasm.ts'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  // llvm-objdump-16 (Debian's llvm-16, installed by CI for the coverage test) disassembles SIMD128 but prints
  // relaxed-SIMD opcodes as `<unknown>` with their bytes: f32x4.relaxed_madd is `fd 85 02` (opcode 0xfd 0x105).
  it.skipIf(!objdump)('only the relaxed builds use relaxed SIMD, and only as f32x4.relaxed_madd (the 8 of the GEMM micro-kernel)', () => {
    const work = mkdtempSync(join(tmpdir(), 'digitkit-objdump-'));
    try {
      for (const [name, base64] of Object.entries(builds)) {
        const file = join(work, 'kernels.wasm');
        writeFileSync(file, Buffer.from(base64, 'base64'));
        const text = execFileSync('llvm-objdump-16', ['-d', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
        const unknown = text.split('\n').filter((line) => line.includes('<unknown>'));
        const madd = unknown.filter((line) => /:\s+fd 85 02\s+<unknown>/.test(line));
        expect(text, name).toMatch(/f32x4\.mul/);
        if (name.startsWith('relaxed')) {
          expect(madd, name).toHaveLength(8); // MADD(c00..c31) in micro_kernel, inlined once into dk_gemm
          expect(unknown, name).toEqual(madd);
        } else {
          expect(unknown, name).toEqual([]);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
