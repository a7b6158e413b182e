import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels-wasm.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const builds = { 'kernels.wasm': KERNELS_WASM_BASE64, 'kernels-shared.wasm': KERNELS_SHARED_WASM_BASE64 };

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
  for (const [file, base64] of Object.entries(builds)) {
    it(`${file} is what kernels-wasm.ts embeds`, () => {
      expect(Buffer.from(base64, 'base64').equals(readFileSync(join(here, file)))).toBe(true);
    });

    it(`${file} writes nothing into the imported heap on load (no data, start or tables initialised)`, () => {
      const ids = sectionIds(readFileSync(join(here, file)));
      expect(ids).not.toContain(11); // data
      expect(ids).not.toContain(8); // start
      expect(ids).not.toContain(12); // data count
    });
  }

  const clang = spawnSync('clang-16', ['--version']).status === 0;
  it.skipIf(!clang)('the committed .wasm files match a rebuild from native/kernels.c with clang-16', () => {
    const out = mkdtempSync(join(tmpdir(), 'digitkit-native-'));
    try {
      execFileSync('sh', [join(here, '../../native/build.sh'), out]);
      for (const file of Object.keys(builds)) {
        expect(readFileSync(join(out, file)).equals(readFileSync(join(here, file))), file).toBe(true);
      }
      expect(readFileSync(join(out, 'kernels-wasm.ts'), 'utf8')).toBe(readFileSync(join(here, 'kernels-wasm.ts'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
