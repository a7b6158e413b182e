/**
 * Branch coverage of native/kernels.c: the same source compiled natively by clang-16 with coverage instrumentation
 * (-fprofile-instr-generate -fcoverage-mapping, the portable <wasm_simd128.h> of native/coverage/include), driven by
 * native/coverage/harness.c with the inputs of the kernel tests (test-support/kernel-cases.ts), turned into the C
 * arguments the kernel wrappers pass (tfjs's own geometry functions). Needs clang-16, llvm-profdata-16 and
 * llvm-cov-16 (Debian's clang-16 and llvm-16); fails under CI without them, skips elsewhere. Run for both instruction
 * sets of build.sh (the relaxed-SIMD one with -D__wasm_relaxed_simd__ and the shim's fused relaxed_madd).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backend_util } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { broadcasts, convBackpropGrid, convs, matmuls, norms, pools, reductions, tiles } from '../../test-support/kernel-cases.js';
import { rowBroadcastColumns } from '../kernels/row-broadcast-binary.js';
import { leadingAxesCount } from '../kernels/leading-axes-reduce.js';

const native = fileURLToPath(new URL('../../native/', import.meta.url));
const tools = ['clang-16', 'llvm-profdata-16', 'llvm-cov-16'];
// llvm-profdata has no --version (it exits 1 with its usage); `merge --help` exits 0 when it is installed.
const available = tools.every((tool) => spawnSync(tool, tool.startsWith('llvm-profdata') ? ['merge', '--help'] : ['--version']).status === 0);
if (!available && process.env.CI) {
  throw new Error(`native-coverage: expected ${tools.join(', ')} on PATH under CI (apt-get install clang-16 llvm-16), found none`);
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The C arguments of a convolution call: N H W C OH OW CO FH FW sh sw dh dw top left. */
function convArgs(info: backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

/** One harness line per native call the kernel tests make. */
function harnessInput(): string[] {
  const lines: string[] = [];
  for (const c of convBackpropGrid().filter((k) => k.dataFormat === 'NHWC')) {
    const [h, w] = c.size;
    const info = backend_util.computeConv2DInfo([c.batch, h, w, c.inChannels], [...c.filter, c.inChannels, c.outChannels], c.strides, c.dilations, c.pad as never);
    lines.push(`conv_bf ${convArgs(info).join(' ')}`, `conv_bi ${convArgs(info).join(' ')}`);
  }
  for (const c of convs) {
    const info = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad as never);
    for (const [bias, relu] of [[0, 0], [1, 0], [1, 1], [0, 1]]) lines.push(`conv ${convArgs(info).join(' ')} ${bias} ${relu}`);
  }
  for (const m of matmuls) {
    const [mm, k] = m.a.slice(-2);
    const n = m.b[m.b.length - 1];
    for (const transposeA of [0, 1]) for (const transposeB of [0, 1]) lines.push(`gemm ${mm} ${n} ${k} ${transposeA} ${transposeB} 0`);
  }
  for (const p of pools) {
    const info = backend_util.computePool2DInfo(p.shape, p.filterSize, p.strides, 1, p.pad);
    const geometry = [
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.effectiveFilterHeight, info.effectiveFilterWidth, info.strideHeight, info.strideWidth,
    ];
    for (const mode of [0, 1, 2]) {
      lines.push(`maxpool ${mode} ${geometry.join(' ')} ${info.dilationHeight} ${info.dilationWidth} ${info.padInfo.top} ${info.padInfo.left}`);
    }
    lines.push(`avgpool ${geometry.join(' ')} ${info.padInfo.top} ${info.padInfo.left}`);
  }
  for (const r of reductions) {
    const axes = typeof r.axis === 'number' ? [r.axis < 0 ? r.axis + r.shape.length : r.axis] : r.axis;
    const leading = leadingAxesCount(axes, r.shape.length);
    if (leading > 0) lines.push(`sum_rows ${size(r.shape.slice(0, leading))} ${size(r.shape.slice(leading))}`);
  }
  for (const b of norms) {
    const channels = b.shape[b.shape.length - 1];
    lines.push(`batch_norm ${size(b.shape) / channels} ${channels} ${b.scale ? 1 : 0} ${b.offset ? 1 : 0}`);
    lines.push(`batch_norm_grad ${size(b.shape) / channels} ${channels} ${b.scale ? 1 : 0} ${b.offset ? 1 : 0}`);
  }
  for (const t of tiles) lines.push(`tile ${t.shape.length} ${t.shape.join(' ')} ${t.reps.join(' ')}`);
  // The ReLU and Square gradient tests (1003 values, with zeros and NaN in the SIMD part and in the tail).
  lines.push('relu_grad 1003 3', 'square_grad 1003 0');
  // The Adam update of the dispatch and training-step tests (sizes with and without a scalar tail).
  lines.push('adam 111', 'adam 864');
  // The GEMM's contract beyond what the wrappers pass: K = 0 with accumulation leaves C as it is.
  lines.push('gemm 3 4 0 0 0 1');
  for (const [op] of ['Add', 'Sub', 'Multiply', 'RealDiv'].entries()) {
    for (const bc of broadcasts) {
      const [aSize, bSize] = [size(bc.a), size(bc.b)];
      if (aSize === bSize) continue;
      const rowLeft = bSize > aSize;
      const cols = rowLeft ? rowBroadcastColumns(bc.b, bc.a) : rowBroadcastColumns(bc.a, bc.b);
      if (cols >= 4) lines.push(`binary ${op} ${Math.max(aSize, bSize) / cols} ${cols} ${rowLeft ? 1 : 0}`);
    }
  }
  return lines;
}

interface CoverageCounts {
  count: number;
  covered: number;
  percent: number;
}

/** The two instruction sets of build.sh: SIMD128 and relaxed SIMD (MADD as relaxed_madd, here a fused fmaf). */
const variants = [
  { name: 'SIMD128', defines: [] },
  { name: 'relaxed-SIMD', defines: ['-D__wasm_relaxed_simd__'] },
];

describe.skipIf(!available)('native/kernels.c branch coverage (native build with clang-16 coverage)', () => {
  it.each(variants)('the kernel test inputs reach every branch ($name build)', ({ name, defines }) => {
    const work = mkdtempSync(join(tmpdir(), 'digitkit-coverage-'));
    try {
      const binary = join(work, 'harness');
      execFileSync('clang-16', [
        '-O0', '-fprofile-instr-generate', '-fcoverage-mapping', '-Wno-unknown-attributes', ...defines,
        '-I', join(native, 'coverage/include'), join(native, 'coverage/harness.c'), '-o', binary, '-lm',
      ]);
      const input = harnessInput();
      writeFileSync(join(work, 'input.txt'), `${input.join('\n')}\n`);
      execFileSync(binary, [], { input: `${input.join('\n')}\n`, env: { ...process.env, LLVM_PROFILE_FILE: join(work, 'run.profraw') } });
      execFileSync('llvm-profdata-16', ['merge', '-o', join(work, 'run.profdata'), join(work, 'run.profraw')]);
      const source = join(native, 'kernels.c');
      const report = execFileSync('llvm-cov-16', ['report', binary, `-instr-profile=${join(work, 'run.profdata')}`, source], { encoding: 'utf8' });
      const exported = JSON.parse(
        execFileSync('llvm-cov-16', ['export', binary, `-instr-profile=${join(work, 'run.profdata')}`, '-summary-only', source], { encoding: 'utf8', maxBuffer: 1 << 26 }),
      ) as { data: Array<{ files: Array<{ filename: string; summary: { branches: CoverageCounts; lines: CoverageCounts; functions: CoverageCounts } }> }> };
      const file = exported.data[0].files.find((f) => f.filename.endsWith('native/kernels.c'));
      expect(file, 'kernels.c in the coverage export').toBeDefined();
      const { branches, lines, functions } = file!.summary;
      // The figure, as printed in the README (Development).
      console.log(
        `native/kernels.c branch coverage (${name}): ${branches.covered}/${branches.count} branches (${branches.percent.toFixed(2)}%), ` +
          `${lines.covered}/${lines.count} lines, ${functions.covered}/${functions.count} functions, ${input.length} harness calls`,
      );
      if (branches.covered < branches.count) {
        const uncovered = execFileSync('llvm-cov-16', ['show', binary, `-instr-profile=${join(work, 'run.profdata')}`, '-show-branches=count', source], { encoding: 'utf8', maxBuffer: 1 << 26 })
          .split('\n')
          .filter((line) => /Branch \(.*\): \[True: 0, |, False: 0\]/.test(line));
        console.log(report, uncovered.join('\n'));
      }
      expect(functions.covered).toBe(functions.count);
      expect(branches.covered).toBe(branches.count);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
