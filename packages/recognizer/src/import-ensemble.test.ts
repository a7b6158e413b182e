/**
 * `pnpm import-ensemble` end to end on two tiny real runs (`pnpm train-recognizer --epochs 1 --limit 600`, seeds 1
 * and 2, split seed 42): the refusals (another validation split, --limit runs without --smoke, --smoke into the
 * package's weights), then a smoke import into a temp file, checked against an independent computation — each
 * member decoded with Node's zlib, built with tfjs-layers directly, predicted, averaged in plain JS — and the
 * figures its info claims recomputed on the same images. The package's weights are never written.
 */
import { argmaxRows, subsetDataset, type DigitDataset } from '@digitkit/core';
import { splitTrainValidation } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import { useBackend } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigitRecognizer } from './digit-recognizer.js';
import { loadEnsembleModel, type EmbeddedEnsemble } from './load-shipped-model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, '..', '..', 'node_modules', '.bin', 'tsx'); // the workspace's (a root dev dependency)
const SMOKE = 200;

async function script(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, args, { cwd: root, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const first = (d: DigitDataset, n: number): DigitDataset => subsetDataset(d, Array.from({ length: n }, (_, i) => i));

describe('import-ensemble on two tiny runs (wasm)', () => {
  let folder: string;
  let file: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'import-ensemble-'));
    file = join(folder, 'ensemble.cjs');
    const train = (seed: number) =>
      script(['scripts/train-recognizer.ts', '--out', join(folder, `s${seed}`), '--epochs', '1', '--limit', '600', '--seed', String(seed), '--split-seed', '42']);
    const runs = await Promise.all([train(1), train(2), train(3)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
  }, 600_000);
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('refuses runs on other validation splits, --limit runs without --smoke, and --smoke into the package', async () => {
    for (const [key, value] of [['splitSeed', 7], ['validationFraction', 0.2]] as const) {
      const other = join(folder, `other-${key}`);
      await cp(join(folder, 's2'), other, { recursive: true });
      const runJson = JSON.parse(await readFile(join(other, 'run.json'), 'utf8'));
      runJson.config[key] = value;
      await writeFile(join(other, 'run.json'), JSON.stringify(runJson));
      const refused = await script(['scripts/import-ensemble.ts', join(folder, 's1'), other, '--out', file, '--smoke', '50']);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/expected every run to share one validation split/);
    }
    const subset = await script(['scripts/import-ensemble.ts', join(folder, 's1'), join(folder, 's2'), '--out', file]);
    expect(subset.stderr).toMatch(/--limit 600 subset; ship only full runs/);
    const intoPackage = await script(['scripts/import-ensemble.ts', join(folder, 's1'), join(folder, 's2'), '--smoke', '50']);
    expect(intoPackage.stderr).toMatch(/--smoke measures on a subset, so it needs --out/);
    const twice = await script(['scripts/import-ensemble.ts', join(folder, 's1'), join(folder, 's1'), '--out', file, '--smoke', '50']);
    expect(twice.stderr).toMatch(/expected distinct runs/);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 300_000);

  it('writes a file whose loaded ensemble is the mean of its members (tfjs-layers directly) and whose info is measured', async () => {
    const imported = await script(['scripts/import-ensemble.ts', join(folder, 's1'), join(folder, 's2'), '--out', file, '--smoke', String(SMOKE), '--best-subset', '--training-seconds', '17,18']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/test accuracy of the shipped file/);
    expect((await stat(file)).size).toBeLessThanOrEqual(2_000_000);
    expect((await stat(file.replace(/\.cjs$/, '.d.cts'))).isFile()).toBe(true);
    const embedded = createRequire(import.meta.url)(file) as EmbeddedEnsemble & { INFO: Record<string, unknown> };
    const info = embedded.INFO as unknown as Required<Omit<import('./shipped-model-info.js').ShippedModelInfo, 'name'>>;
    expect(info.members.map((m) => m.seed)).toEqual([1, 2]);
    expect(info.validationSplit).toEqual({ seed: 42, fraction: 0.1 });
    expect(info.members.map((m) => m.trainingSeconds)).toEqual([17, 18]);
    expect(info.trainingSeconds).toBe(35);
    expect(info.members[0].command).toMatch(/^pnpm train-recognizer --out <run-folder> --epochs 1 --limit 600 --seed 1 --split-seed 42/);
    expect(info.combination).toBe("mean of the members' softmax probabilities");

    await useBackend('wasm');
    const mnist = await loadMnist();
    const validation = first(splitTrainValidation(mnist.train, { validationFraction: 0.1, seed: 42, stratified: true }).validation, SMOKE);
    const test = first(mnist.test, SMOKE);
    const toTensor = (d: DigitDataset) => tf.tensor4d(Float32Array.from(d.images, (v) => v / 255), [d.count, 28, 28, 1]);

    // Independent: every member from the file's bytes (Node's zlib), built by tfjs-layers, probabilities averaged in JS.
    const unpack = (base64: string): Buffer => inflateSync(Buffer.from(base64, 'base64'));
    const mean = async (d: DigitDataset): Promise<{ probabilities: Float64Array; members: Float32Array[] }> => {
      const x = toTensor(d);
      const members: Float32Array[] = [];
      for (const member of embedded.MEMBERS) {
        const json = JSON.parse(unpack(member.MODEL_JSON_DEFLATE_BASE64).toString('utf8')) as tf.io.ModelJSON;
        const weights = unpack(member.WEIGHTS_DEFLATE_BASE64);
        const model = await tfl.loadLayersModel(
          tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: new Uint8Array(weights).buffer }),
        );
        const out = model.predict(x) as tf.Tensor;
        members.push((await out.data()) as Float32Array);
        out.dispose();
        model.dispose();
      }
      x.dispose();
      const probabilities = new Float64Array(d.count * 10);
      for (const m of members) for (let i = 0; i < m.length; i++) probabilities[i] += m[i] / members.length;
      return { probabilities, members };
    };
    const accuracy = (p: ArrayLike<number>, labels: Uint8Array): number => {
      let correct = 0;
      for (let i = 0; i < labels.length; i++) {
        let best = 0;
        for (let k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + best]) best = k;
        if (best === labels[i]) correct++;
      }
      return correct / labels.length;
    };

    const before = tf.memory().numTensors;
    const { model, info: loadedInfo } = await loadEnsembleModel('test', embedded, file);
    const recognizer = createDigitRecognizer(model, loadedInfo, () => {
      throw new Error('not used');
    });
    const expected = await mean(test);
    const loaded = await recognizer.recognizeMnist(test, { batchSize: 64 });
    let maxDifference = 0;
    for (let i = 0; i < expected.probabilities.length; i++) maxDifference = Math.max(maxDifference, Math.abs(loaded.probabilities[i] - expected.probabilities[i]));
    expect(maxDifference).toBeLessThan(1e-5);
    expect(Array.from(loaded.digits)).toEqual(Array.from(argmaxRows(Float32Array.from(expected.probabilities), 10)));
    // The two members differ (seeds 1 and 2), so the mean is not one of them.
    expect(Array.from(expected.members[0])).not.toEqual(Array.from(expected.members[1]));

    // The figures the info claims, recomputed on the same images.
    expect(loadedInfo.testAccuracy).toBe(accuracy(expected.probabilities, test.labels));
    info.members.forEach((m, i) => expect(m.testAccuracy).toBe(accuracy(expected.members[i], test.labels)));
    const onValidation = await mean(validation);
    expect(info.validationAccuracy).toBe(accuracy(onValidation.probabilities, validation.labels));
    info.members.forEach((m, i) => expect(m.validationAccuracy).toBe(accuracy(onValidation.members[i], validation.labels)));

    recognizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);
  it('--with-members-of keeps an existing file\'s members as candidates: same bytes, split and figures checked', async () => {
    // `file` is the two-member smoke ensemble (seeds 1, 2) the previous test wrote.
    const file2 = join(folder, 'ensemble-3.cjs');
    const duplicate = await script(['scripts/import-ensemble.ts', join(folder, 's1'), '--with-members-of', file, '--out', file2, '--smoke', String(SMOKE)]);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toMatch(/expected distinct members, got .*s1 whose chosen weights are .* member 1/);
    const otherSplit = join(folder, 'other-splitSeed'); // s2 with split seed 7 (the first test)
    const refused = await script(['scripts/import-ensemble.ts', otherSplit, '--with-members-of', file, '--out', file2, '--smoke', String(SMOKE)]);
    expect(refused.stderr).toMatch(/expected every run to share one validation split .* member 1: \{"seed":42,"fraction":0.1\}/);
    // A member whose recorded validation figure is not what its bytes measure is refused.
    const tampered = join(folder, 'tampered.cjs');
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('exports.MEMBERS = ['); // the members' own INFO (not the copies in exports.INFO.members)
    const recorded = /"validationAccuracy":([0-9.]+),"float32ValidationAccuracy"/.exec(text.slice(at));
    expect(at > 0 && recorded !== null).toBe(true);
    const changed = `"validationAccuracy":${Number(recorded![1]) === 1 ? 0.5 : 1},"float32ValidationAccuracy"`;
    await writeFile(tampered, text.slice(0, at) + text.slice(at).replace(recorded![0], changed));
    const wrongFigure = await script(['scripts/import-ensemble.ts', join(folder, 's3'), '--with-members-of', tampered, '--out', file2, '--smoke', String(SMOKE)]);
    expect(wrongFigure.stderr).toMatch(/expected .*tampered.cjs member 1 to measure its recorded validation accuracy/);
    await expect(stat(file2)).rejects.toMatchObject({ code: 'ENOENT' });

    const badQuantization = await script(['scripts/import-ensemble.ts', join(folder, 's3'), '--with-members-of', file, '--out', file2, '--smoke', String(SMOKE), '--quantization', 'int4']);
    expect(badQuantization.stderr).toMatch(/expected --quantization to be one of uint8, mixed, float16, got "int4"/);
    // uint8 forced: on 200 smoke images the choice between uint8 and float16 is a coin toss, and three float16
    // members would not fit the 2 MB budget.
    const imported = await script(['scripts/import-ensemble.ts', join(folder, 's3'), '--with-members-of', file, '--out', file2, '--smoke', String(SMOKE), '--quantization', 'uint8']);
    expect(imported.code, imported.stderr).toBe(0);
    const before = createRequire(import.meta.url)(file) as EmbeddedEnsemble & { INFO: { members: { seed: number; weightsSha256: string; command: string }[] } };
    const after = createRequire(import.meta.url)(file2) as EmbeddedEnsemble & { INFO: { members: { seed: number; weightsSha256: string; command: string; validationAccuracy: number }[] } };
    // All three candidates, runs first: s3, then the kept members in their order, their bytes and recipe unchanged.
    expect(after.INFO.members.map((m) => m.seed)).toEqual([3, 1, 2]);
    expect(imported.stdout).toMatch(/forced by --quantization: uint8/);
    expect(after.INFO.members[0]).toMatchObject({ quantization: 'uint8', weightBytes: 327_242 });
    for (const k of [0, 1]) {
      expect(after.MEMBERS[k + 1].WEIGHTS_DEFLATE_BASE64).toBe(before.MEMBERS[k].WEIGHTS_DEFLATE_BASE64);
      expect(after.INFO.members[k + 1].weightsSha256).toBe(before.INFO.members[k].weightsSha256);
      expect(after.INFO.members[k + 1].command).toBe(before.INFO.members[k].command);
    }
  }, 600_000);
});
