import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliResult } from './test-support/cli-process.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'digitkit-cli-errors-'));
  writeFileSync(join(dir, 'not-a-png.png'), 'hello, I am text');
  const blank = new PNG({ width: 40, height: 40 });
  blank.data.fill(255);
  writeFileSync(join(dir, 'blank.png'), PNG.sync.write(blank));
  mkdirSync(join(dir, 'empty-run'));
  writeFileSync(join(dir, 'empty.png'), '');
  mkdirSync(join(dir, 'partial-run'));
  writeFileSync(join(dir, 'partial-run', 'run.json'), JSON.stringify({ format: 'digitkit-run', version: 1, config: { model: 'lenet5' } }));
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  // A valid PNG signature and IHDR claiming 30000x30000 pixels (the rest is never read).
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(header);
  header.writeUInt32BE(30000, 16);
  header.writeUInt32BE(30000, 20);
  header[24] = 8;
  header.writeUInt32BE(crc32(header.subarray(12, 29)), 29);
  writeFileSync(join(dir, 'huge.png'), header);
  // A run folder whose model exists but is not a model.
  mkdirSync(join(dir, 'broken-run', 'model'), { recursive: true });
  writeFileSync(join(dir, 'broken-run', 'model', 'model.json'), '{ not json');
});

/** A user error: exactly one line on stderr, starting with "digitkit:", no stack trace, given exit code. */
function expectOneLineError(result: CliResult, code: number, pattern: RegExp): void {
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^digitkit: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(code);
}

// Every case is its own CLI process; they run a few at a time.
describe.concurrent('user errors: one line on stderr, non-zero exit', () => {
  const cases: Array<{ name: string; args: () => string[]; code: number; message: RegExp }> = [
    { name: 'unknown model', args: () => ['train', '--model', 'resnet-9000'], code: 2, message: /--model.*resnet-9000.*paper-cnn/ },
    { name: 'bad flag value', args: () => ['train', '--epochs', 'zero'], code: 2, message: /--epochs.*expected a positive integer, got 'zero'/ },
    { name: 'negative batch size', args: () => ['train', '--batch-size', '-4'], code: 2, message: /--batch-size/ },
    { name: 'bad fraction', args: () => ['train', '--validation-fraction', '1.5'], code: 2, message: /between 0 and 1/ },
    { name: 'unknown backend', args: () => ['train', '--backend', 'gpu'], code: 2, message: /--backend.*gpu.*wasm/ },
    { name: 'unknown preset', args: () => ['train', '--preset', 'fastest'], code: 2, message: /--preset.*fastest/ },
    { name: 'unknown option', args: () => ['train', '--bogus'], code: 2, message: /unknown option '--bogus'/ },
    { name: 'unknown command', args: () => ['frobnicate', 'x'], code: 2, message: /.+/ },
    { name: 'resume with settings', args: () => ['train', '--resume', join(dir, 'empty-run'), '--model', 'lenet5'], code: 2, message: /--resume.*--model/ },
    { name: 'resume of a non-run', args: () => ['train', '--resume', join(dir, 'empty-run')], code: 1, message: /not a digitkit run folder \(no run\.json\)/ },
    { name: 'missing PNG', args: () => ['predict', join(dir, 'empty-run'), join(dir, 'missing.png')], code: 1, message: /no such file: .*missing\.png/ },
    { name: 'not a PNG', args: () => ['predict', join(dir, 'empty-run'), join(dir, 'not-a-png.png')], code: 1, message: /not-a-png\.png is not a valid PNG image/ },
    { name: 'blank PNG', args: () => ['predict', join(dir, 'empty-run'), join(dir, 'blank.png')], code: 1, message: /blank\.png: no digit found/ },
    { name: 'run without a model', args: () => ['evaluate', join(dir, 'empty-run')], code: 1, message: /not a digitkit run folder/ },
    { name: 'missing run folder', args: () => ['report', join(dir, 'no-such-run')], code: 1, message: /not a digitkit run folder/ },
    // Issue 12 regressions.
    { name: '--out empty', args: () => ['train', '--out', ''], code: 2, message: /--out <dir>': expected a folder path, got an empty string/ },
    { name: '--out in /proc (used to spin forever)', args: () => ['train', '--limit', '100', '--out', '/proc/x'], code: 1, message: /^digitkit: cannot create the folder \/proc\/x: .*; pass another --out$/ },
    { name: '--out not writable', args: () => ['train', '--limit', '100', '--out', '/sys/digitkit-run'], code: 1, message: /cannot create the folder \/sys\/digitkit-run: operation not permitted \(EPERM\); pass another --out/ },
    { name: '--out under a file', args: () => ['train', '--limit', '100', '--out', join(dir, 'a-file', 'run')], code: 1, message: /a-file: a file is in the way \(ENOTDIR\); pass another --out/ },
    { name: 'eda --out not writable', args: () => ['eda', '--out', '/proc/x'], code: 1, message: /cannot create the folder \/proc\/x/ },
    { name: 'hex learning rate', args: () => ['train', '--learning-rate', '0x10'], code: 2, message: /--learning-rate.*expected a positive decimal number, got '0x10'/ },
    { name: 'Infinity learning rate', args: () => ['train', '--learning-rate', 'Infinity'], code: 2, message: /--learning-rate.*got 'Infinity'/ },
    { name: 'hex seed', args: () => ['train', '--seed', '0x1'], code: 2, message: /--seed.*got '0x1'/ },
    { name: '0-byte PNG', args: () => ['predict', join(dir, 'empty-run'), join(dir, 'empty.png')], code: 1, message: /empty\.png is not a valid PNG image \(expected a PNG file .*, got an empty file \(0 bytes\) at byte 0\)$/ },
    { name: '30000x30000 PNG (refused from its header)', args: () => ['predict', join(dir, 'empty-run'), join(dir, 'huge.png')], code: 1, message: /huge\.png is too large for predict: expected an image of at most 16777216 pixels, got 30000x30000 = 900000000 pixels; scale it down first$/ },
    { name: 'predict a folder', args: () => ['predict', join(dir, 'empty-run'), join(dir, 'empty-run')], code: 1, message: /cannot read .*empty-run: not a regular file; pass the path of a PNG file$/ },
    { name: 'compare: unknown model', args: () => ['compare', '--models', 'paper-cnn,resnet'], code: 2, message: /--models.*registry models .*got 'paper-cnn,resnet'/ },
    { name: 'compare: resume with settings', args: () => ['compare', '--resume', join(dir, 'empty-run'), '--epochs', '2'], code: 2, message: /--resume continues a comparison.*--epochs/ },
    { name: 'compare: resume of a non-comparison', args: () => ['compare', '--resume', join(dir, 'empty-run')], code: 1, message: /not a digitkit comparison folder \(no compare\.json\)/ },
    { name: 'compare: --out empty', args: () => ['compare', '--out', ''], code: 2, message: /--out <dir>': expected a folder path/ },
    { name: 'resume of a run.json with missing settings', args: () => ['train', '--resume', join(dir, 'partial-run')], code: 1, message: /partial-run\/run\.json is malformed: missing or wrong config\.epochs, config\.batchSize, .*; delete .*partial-run or pass another --out$/ },
    { name: 'predict without images', args: () => ['predict', join(dir, 'empty-run')], code: 2, message: /missing required argument 'images'/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expectOneLineError(await runCliProcess(c.args(), { cwd: dir }), c.code, c.message);
    });
  }

  it('tensorflow backend without @tensorflow/tfjs-node names the package to install', async () => {
    const result = await runCliProcess(['train', '--backend', 'tensorflow', '--limit', '100'], { cwd: dir });
    expectOneLineError(result, 1, /@tensorflow\/tfjs-node/);
  });
});

describe.concurrent('--help', () => {
  for (const command of [[], ['train'], ['evaluate'], ['predict'], ['report'], ['eda'], ['data'], ['compare']]) {
    it(`digitkit ${command.join(' ')} --help`, async () => {
      const result = await runCliProcess([...command, '--help'], { cwd: dir });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: digitkit/);
      expect(result.stderr).toBe('');
    });
  }
});
