/**
 * Which build of the kernels loads (relaxed SIMD or SIMD128), and the grids of the kernel tests run on the build this
 * process did not choose: Node 20 (V8 11.3) accepts relaxed SIMD only behind `--experimental-wasm-relaxed-simd`, so
 * there a child vitest runs the kernel, dispatch and training-step tests with that flag (the relaxed build, chosen by
 * feature detection); an engine with relaxed SIMD runs them again with `DIGITKIT_WASM_SIMD=simd128`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compileNativeModule,
  engineHasRelaxedSimd,
  nativeModuleBytes,
  nativeSimdChoice,
  nativeSimdOf,
  RELAXED_MADD_PROBE,
} from './native-module.js';

const FLAG = '--experimental-wasm-relaxed-simd';
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const [v8Major, v8Minor] = process.versions.v8.split('.').map(Number) as [number, number];
/** Relaxed SIMD shipped (on by default) in V8 11.4 / Chrome 114; before that only behind the flag. */
const shippedInV8 = v8Major > 11 || (v8Major === 11 && v8Minor >= 4);
const flagged = process.execArgv.includes(FLAG);

/** `WebAssembly.validate` of the probe in a fresh `node` with the given flags. */
function validatesIn(flags: string[]): string {
  const script = `console.log(WebAssembly.validate(Uint8Array.from(${JSON.stringify(RELAXED_MADD_PROBE)})))`;
  const run = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' });
  return run.stdout.trim();
}

describe('relaxed-SIMD feature detection', () => {
  it('the probe is a valid module apart from f32x4.relaxed_madd (with f32x4.mul + f32x4.add instead, every SIMD engine accepts it)', () => {
    const madd = RELAXED_MADD_PROBE.length - 4;
    expect(RELAXED_MADD_PROBE.slice(madd, madd + 3)).toEqual([0xfd, 0x85, 0x02]);
    // Same module; the body grows by 3 bytes (0x1a → 0x1d, the code section 0x1c → 0x1f).
    const control = [...RELAXED_MADD_PROBE.slice(0, 19), 0x0a, 0x1f, 0x01, 0x1d, ...RELAXED_MADD_PROBE.slice(23, madd), 0xfd, 0xe6, 0x01, 0xfd, 0xe4, 0x01, 0x0b];
    expect(RELAXED_MADD_PROBE.slice(19, 23)).toEqual([0x0a, 0x1c, 0x01, 0x1a]);
    expect(WebAssembly.validate(Uint8Array.from(control))).toBe(true);
  });

  it(`this engine (V8 ${process.versions.v8}${flagged ? `, ${FLAG}` : ''}) has relaxed SIMD exactly when V8 ≥ 11.4 or the flag is set`, () => {
    expect(engineHasRelaxedSimd()).toBe(shippedInV8 || flagged);
  });

  it.skipIf(shippedInV8)('Node 20 (V8 11.3) refuses relaxed SIMD by default and accepts it with --experimental-wasm-relaxed-simd', () => {
    expect(validatesIn([])).toBe('false');
    expect(validatesIn([FLAG])).toBe('true');
  });

  it('loads the relaxed build where the engine has relaxed SIMD, else SIMD128; DIGITKIT_WASM_SIMD forces one', () => {
    const expected = nativeSimdChoice() === 'auto' ? (engineHasRelaxedSimd() ? 'relaxed-simd' : 'simd128') : nativeSimdChoice();
    expect(compileNativeModule(false)).toBeInstanceOf(WebAssembly.Module);
    expect(compileNativeModule(true)).toBeInstanceOf(WebAssembly.Module);
    expect(nativeSimdOf(false)).toBe(expected);
    expect(nativeSimdOf(true)).toBe(expected);
    // The relaxed builds need the feature: the engine validates them exactly when it validates the probe.
    expect(WebAssembly.validate(nativeModuleBytes(false, 'relaxed-simd'))).toBe(engineHasRelaxedSimd());
    expect(WebAssembly.validate(nativeModuleBytes(true, 'relaxed-simd'))).toBe(engineHasRelaxedSimd());
    expect(WebAssembly.validate(nativeModuleBytes(false, 'simd128'))).toBe(true);
  });

  it('DIGITKIT_WASM_SIMD=simd128 loads SIMD128 in an engine with relaxed SIMD; another value is a TypeError naming the allowed ones', () => {
    const script = [
      `import(${JSON.stringify(join(packageRoot, 'src/native/native-module.ts'))}).then((m) => {`,
      '  try { m.compileNativeModule(false); console.log(JSON.stringify({ relaxed: m.engineHasRelaxedSimd(), simd: m.nativeSimdOf(false) })); }',
      '  catch (error) { console.log(JSON.stringify({ error: `${error.name}: ${error.message}` })); }',
      '});',
    ].join('\n');
    // `--import tsx` (not the tsx CLI, which starts another node without the V8 flag) loads the TypeScript source.
    const run = (value: string, flags: string[]) =>
      JSON.parse(spawnSync(process.execPath, [...flags, '--import', 'tsx', '-e', script], {
        cwd: packageRoot, encoding: 'utf8', env: { ...process.env, DIGITKIT_WASM_SIMD: value },
      }).stdout) as unknown;
    const flags = shippedInV8 ? [] : [FLAG];
    expect(run('simd128', flags)).toEqual({ relaxed: true, simd: 'simd128' });
    expect(run('auto', flags)).toEqual({ relaxed: true, simd: 'relaxed-simd' });
    expect(run('fast', flags)).toEqual({
      error: "TypeError: enableWasmTraining: expected DIGITKIT_WASM_SIMD to be one of 'auto', 'relaxed-simd', 'simd128', got the string \"fast\"",
    });
  });

  it('a forced relaxed build that the engine refuses is reported, not replaced by SIMD128', () => {
    if (engineHasRelaxedSimd()) return; // nothing to refuse here; the child process below covers this engine
    const script = [
      `import(${JSON.stringify(join(packageRoot, 'src/native/native-module.ts'))}).then((m) => {`,
      '  console.warn = () => {};',
      '  console.log(JSON.stringify({ module: m.compileNativeModule(false), simd: m.nativeSimdOf(false), status: m.nativeKernelsStatus().plain.state }));',
      '});',
    ].join('\n');
    const tsx = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');
    const run = spawnSync(process.execPath, [tsx, '-e', script], {
      cwd: packageRoot, encoding: 'utf8', env: { ...process.env, DIGITKIT_WASM_SIMD: 'relaxed-simd' },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ module: null, simd: null, status: 'failed' });
  });
});

// The grids: every kernel vs cpu (conv backprops, forward, BatchMatMul, pools, ...), every dispatch path on the plain
// and the threaded build, a few training steps vs cpu, the kernel pool's grids (the shared build in worker threads),
// the fused Adam update bit for bit — and this file, which checks which build the child loaded.
const GRID_FILES = [
  'src/native/native-simd.test.ts',
  'src/kernels/conv-backprop.test.ts',
  'src/kernels/replacements.test.ts',
  'src/kernels/kernel-dispatch.test.ts',
  'src/training-steps.test.ts',
  'src/threads/threaded-kernels.test.ts',
  'src/optimizers/adam-update.test.ts',
];

describe.skipIf(process.env.DIGITKIT_WASM_SIMD !== undefined || flagged)('the kernel test grids on the other build', () => {
  const other = engineHasRelaxedSimd() ? 'SIMD128 (DIGITKIT_WASM_SIMD=simd128)' : `relaxed SIMD (node ${FLAG})`;
  it(`pass on ${other}, in a child vitest`, () => {
    const args = engineHasRelaxedSimd() ? [] : [`--execArgv=${FLAG}`];
    const env = engineHasRelaxedSimd() ? { DIGITKIT_WASM_SIMD: 'simd128' } : {};
    const run = spawnSync(process.execPath, [vitest, 'run', ...args, ...GRID_FILES], {
      cwd: packageRoot, encoding: 'utf8', env: { ...process.env, ...env },
      maxBuffer: 1 << 28,
    });
    const summary = `${run.stdout}`.split('\n').filter((line) => /Test Files|Tests |FAIL|✗|×/.test(line)).join('\n');
    expect(run.status, summary || run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Test Files .*7 passed/);
  }, 900_000);
});
