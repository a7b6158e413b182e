/**
 * Ships an ensemble: several runs' models, each quantized, their softmax probabilities averaged, into the package's
 * ensemble file, and measures the shipped file:
 *
 *   pnpm --filter @digitkit/recognizer import-ensemble <run> [<run>…] [--with-members-of <ensemble.cjs>]
 *     [--training-seconds <s>,<s>,…] [--best-subset] [--quantization uint8|mixed|float16] [--out <file>] [--smoke <n>]
 *
 * 1. Reads every run (import-run's readRun: run.json, <run>/model with its checksums) and refuses runs that do not
 *    share one validation split (split seed — `splitSeed ?? seed` — and fraction): a member's validation images must
 *    be the others' too, or no member may be judged on them. Refuses --limit runs and the same run twice.
 * 2. Rebuilds that split and picks each member's quantization on VALIDATION only (import-run's chooseQuantization).
 * 3. Measures the mean of the quantized members' probabilities on validation — all members, or with --best-subset
 *    every subset of two or more, keeping the best on validation (ties: more members, then the earlier runs).
 * 4. Writes weights/ensemble/embedded.cjs (+ .d.cts) atomically — refused above 2 MB on disk — reads it back, builds
 *    it with the package's own loader and measures those bytes on the 10,000 test images once (reported, never used
 *    for a choice); then writes the final info and weights/shipped-models.cjs (the ensemble now ships).
 *
 * `--with-members-of <ensemble.cjs>` adds the members of an ensemble file already written (e.g. the shipped
 * weights/ensemble/embedded.cjs) as candidates next to the runs, as they are: their quantized bytes (SHA-256 checked),
 * their recorded recipe and figures. Their validation split must be the runs'; their validation accuracy is
 * recomputed on it and must equal the recorded one (else the file or the data changed); a run whose chosen weights
 * are byte-identical to a kept member is refused (with --smoke the file must have been written with the same --smoke).
 * So members trained in earlier sessions need not be trained again.
 *
 * `--quantization` keeps that quantization for every run instead of choosing one on validation (its validation
 * figures are still measured and recorded), e.g. uint8 to know each member's size in advance; kept members stay as
 * they are.
 * `--training-seconds` gives each member's training time in run order (default: each run's validation.json).
 * `--out <file>` writes the ensemble file elsewhere (shipped-models.cjs is then left alone). `--smoke <n>` is for
 * tests only: it accepts --limit runs and measures on the first n validation and test images; it needs an --out
 * outside the package's weights.
 *
 * Runs on the wasm backend. Not published.
 */
import '@tensorflow/tfjs-backend-wasm';
import { subsetDataset, type DigitDataset } from '@digitkit/core';
import { sha256 } from '@digitkit/core/node';
import { predictProbabilities } from '@digitkit/cnn-models';
import { softVote } from '@digitkit/ensemble';
import { splitTrainValidation } from '@digitkit/mnist-data';
import { loadMnist } from '@digitkit/mnist-data/node';
import * as tf from '@tensorflow/tfjs-core';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnsembleModel, type EmbeddedEnsemble } from '../src/load-shipped-model.js';
import { ENSEMBLE_PATH, embedEnsemble, readEmbeddedEnsemble, writeShippedModels } from './embed-ensemble.js';
import { accuracyOf, chooseQuantization, describeQuantization, modelFromFiles, type ChosenQuantization } from './import/choose-quantization.js';
import { readRun, type ImportedRun } from './import/read-run.js';
import type { ModelFiles } from './quantize-model.js';

const fn = 'import-ensemble';
const { values, positionals } = parseArgs({
  options: {
    'training-seconds': { type: 'string' },
    'best-subset': { type: 'boolean', default: false },
    'with-members-of': { type: 'string' },
    out: { type: 'string' },
    smoke: { type: 'string' },
    quantization: { type: 'string' },
  },
  allowPositionals: true,
  strict: true,
});
const keptFrom = values['with-members-of'] === undefined ? null : resolve(values['with-members-of']);
if (positionals.length < (keptFrom === null ? 2 : 1)) {
  console.error('usage: import-ensemble.ts <run> [<run>…] [--with-members-of <ensemble.cjs>] [--training-seconds <s>,<s>,…] [--best-subset] [--quantization uint8|mixed|float16] [--out <file>] [--smoke <n>] (two candidates at least)');
  process.exit(2);
}
const out = values.out === undefined ? ENSEMBLE_PATH : resolve(values.out);
const smoke = values.smoke === undefined ? null : Number(values.smoke);
const QUANTIZATIONS = ['uint8', 'mixed', 'float16'] as const;
const forced = values.quantization as (typeof QUANTIZATIONS)[number] | undefined;
if (forced !== undefined && !QUANTIZATIONS.includes(forced)) {
  throw new RangeError(`${fn}: expected --quantization to be one of ${QUANTIZATIONS.join(', ')}, got ${JSON.stringify(values.quantization)}`);
}
if (smoke !== null && (!Number.isInteger(smoke) || smoke < 1)) throw new RangeError(`${fn}: expected --smoke to be a whole number ≥ 1, got ${values.smoke}`);
if (smoke !== null && (values.out === undefined || out.startsWith(resolve(ENSEMBLE_PATH, '..', '..')))) {
  throw new Error(`${fn}: --smoke measures on a subset, so it needs --out <file> outside the package's weights/ (got ${out})`);
}
const dirs = positionals.map((dir) => resolve(dir));
const repeated = dirs.find((dir, i) => dirs.indexOf(dir) !== i);
if (repeated) throw new Error(`${fn}: expected distinct runs, got ${repeated} twice`);
const seconds = values['training-seconds']?.split(',').map(Number);
if (seconds && (seconds.length !== dirs.length || seconds.some((s) => !Number.isFinite(s) || s < 0))) {
  throw new RangeError(`${fn}: expected --training-seconds to be ${dirs.length} comma-separated numbers ≥ 0 (one per run, in order), got ${values['training-seconds']}`);
}

await tf.setBackend('wasm');
await tf.ready();

// 1. The runs (and the kept members), and their one validation split.
const runs: ImportedRun[] = [];
for (const dir of dirs) runs.push(await readRun(fn, dir, { allowSubset: smoke !== null }));
const split = runs[0].split;
if (runs.some((r) => r.split.seed !== split.seed || r.split.fraction !== split.fraction)) {
  throw new Error(
    `${fn}: expected every run to share one validation split (split seed and fraction), got ${runs.map((r) => `${r.dir}: seed ${r.split.seed}, fraction ${r.split.fraction}`).join('; ')}; train the members with the same --split-seed`,
  );
}
const kept = keptFrom === null ? [] : (await readEmbeddedEnsemble(keptFrom)).members;
kept.forEach((member, k) => {
  const memberSplit = member.info.validationSplit as { seed?: unknown; fraction?: unknown } | undefined;
  if (memberSplit?.seed !== split.seed || memberSplit?.fraction !== split.fraction) {
    throw new Error(
      `${fn}: expected every run to share one validation split (split seed and fraction), got ${runs[0].dir}: seed ${split.seed}, fraction ${split.fraction}; ${keptFrom} member ${k + 1}: ${JSON.stringify(memberSplit)}`,
    );
  }
});
const mnist = await loadMnist();
const first = (dataset: DigitDataset): DigitDataset => (smoke === null ? dataset : subsetDataset(dataset, Array.from({ length: Math.min(smoke, dataset.count) }, (_, i) => i)));
const validation = first(splitTrainValidation(mnist.train, { validationFraction: split.fraction, seed: split.seed, stratified: true }).validation);
const test = first(mnist.test);
console.log(`${fn}: ${runs.length} runs${kept.length ? ` and ${kept.length} members of ${keptFrom}` : ''}; validation ${validation.count} images (split seed ${split.seed}, fraction ${split.fraction})${smoke === null ? '' : ` — SMOKE: first ${smoke} images only`}`);

/** A candidate member: its quantized files, its probabilities on validation and its info (test figure still unknown). */
interface Candidate {
  files: { modelJson: object; weights: Uint8Array };
  validationProbabilities: Float32Array;
  info: {
    architecture: string;
    parameters: number;
    quantization: string;
    weightBytes: number;
    weightsSha256: string;
    validationAccuracy: number;
    float32ValidationAccuracy: number;
    testAccuracy: number;
    command: string;
    seed: number;
    trainingSeconds: number | null;
    validationSplit: { seed: number; fraction: number };
  };
}
const percent = (v: number): string => `${(100 * v).toFixed(2)}%`;

// 2. Each run's quantization, on validation; each kept member as it is, its recorded validation figure re-measured.
const candidates: Candidate[] = [];
for (const [i, r] of runs.entries()) {
  console.log(`member ${candidates.length + 1}: ${r.dir} (${r.run.config.model}, seed ${r.run.config.seed})`);
  const chosen: ChosenQuantization = await chooseQuantization(r.model, validation, (line) => console.log(`  ${line}`), forced);
  const weightsSha256 = sha256(chosen.files.weights);
  candidates.push({
    files: { modelJson: { ...chosen.files.modelJson, weightsSha256: { 'weights.bin': weightsSha256 } }, weights: chosen.files.weights },
    validationProbabilities: chosen.validationProbabilities,
    info: {
      architecture: r.run.config.model,
      parameters: r.model.countParams(),
      quantization: describeQuantization(chosen.quantization),
      weightBytes: chosen.files.weights.byteLength,
      weightsSha256,
      validationAccuracy: chosen.validationAccuracy,
      float32ValidationAccuracy: chosen.float32ValidationAccuracy,
      testAccuracy: Number.NaN,
      command: r.command,
      seed: r.run.config.seed,
      trainingSeconds: seconds?.[i] ?? r.recordedTrainingSeconds,
      validationSplit: split,
    },
  });
}
for (const [k, member] of kept.entries()) {
  const info = member.info as unknown as Candidate['info'];
  const model = await modelFromFiles({ modelJson: member.modelJson as ModelFiles['modelJson'], weights: member.weights });
  const validationProbabilities = await predictProbabilities(model, validation);
  model.dispose();
  const validationAccuracy = accuracyOf(validationProbabilities, validation.labels);
  // The file's own figure must come back (with --smoke: a file written with the same --smoke): else the file or the
  // data is not what it claims.
  if (validationAccuracy !== info.validationAccuracy) {
    throw new Error(`${fn}: expected ${keptFrom} member ${k + 1} to measure its recorded validation accuracy ${percent(info.validationAccuracy)} on this split, got ${percent(validationAccuracy)}`);
  }
  const twin = candidates.findIndex((c) => c.info.weightsSha256 === member.info.weightsSha256);
  if (twin >= 0) throw new Error(`${fn}: expected distinct members, got ${runs[twin].dir} whose chosen weights are ${keptFrom} member ${k + 1} (SHA-256 ${member.info.weightsSha256})`);
  console.log(`member ${candidates.length + 1}: ${keptFrom} member ${k + 1} (${info.architecture}, seed ${info.seed}, ${info.quantization}), validation ${percent(validationAccuracy)}`);
  candidates.push({ files: { modelJson: member.modelJson, weights: member.weights }, validationProbabilities, info: { ...info, validationAccuracy, testAccuracy: Number.NaN } });
}

// 3. The combination, on validation.
const meanAccuracy = (members: number[]): number =>
  accuracyOf(softVote(members.map((m) => candidates[m].validationProbabilities), { numClasses: 10 }), validation.labels);
const all = candidates.map((_, i) => i);
let members = all;
if (values['best-subset']) {
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << candidates.length; mask++) {
    const subset = all.filter((i) => mask & (1 << i));
    if (subset.length >= 2) subsets.push(subset);
  }
  const scored = subsets.map((subset) => ({ subset, accuracy: meanAccuracy(subset) }));
  for (const s of scored) console.log(`  members ${s.subset.map((i) => i + 1).join('+')}: validation ${percent(s.accuracy)}`);
  scored.sort((a, b) => b.accuracy - a.accuracy || b.subset.length - a.subset.length || a.subset.join().localeCompare(b.subset.join()));
  members = scored[0].subset;
}
const validationAccuracy = meanAccuracy(members);
console.log(`ensemble of members ${members.map((i) => i + 1).join(', ')} (mean of softmax probabilities): validation ${percent(validationAccuracy)}; members alone ${members.map((i) => percent(candidates[i].info.validationAccuracy)).join(', ')}`);

// 4. The file: written, read back, built by the package's loader and measured on the test set; then final.
const memberFiles = members.map((i) => ({ modelJson: candidates[i].files.modelJson, weights: candidates[i].files.weights, info: candidates[i].info }));
const unique = (list: string[]): string => [...new Set(list)].join(' + ');
const memberTimes = memberFiles.map((m) => m.info.trainingSeconds);
const ensembleInfo = (testAccuracy: number, memberTests: number[]) => ({
  architecture: unique(memberFiles.map((m) => m.info.architecture)),
  parameters: memberFiles.reduce((sum, m) => sum + m.info.parameters, 0),
  quantization: unique(memberFiles.map((m) => m.info.quantization)),
  weightBytes: memberFiles.reduce((sum, m) => sum + m.info.weightBytes, 0),
  weightsSha256: sha256(Buffer.concat(memberFiles.map((m) => m.weights))),
  testAccuracy,
  validationAccuracy,
  command: memberFiles.map((m) => m.info.command).join('; '),
  seed: memberFiles[0].info.seed,
  trainingSeconds: memberTimes.some((t) => t === null) ? null : memberTimes.reduce((sum, t) => (sum as number) + (t as number), 0),
  validationSplit: split,
  combination: "mean of the members' softmax probabilities",
  members: memberFiles.map((m, i) => ({ ...m.info, testAccuracy: memberTests[i] })),
});
const write = (info: ReturnType<typeof ensembleInfo>) =>
  embedEnsemble({ members: memberFiles.map((m, i) => ({ ...m, info: info.members[i] })), info }, out);
await write(ensembleInfo(Number.NaN, memberFiles.map(() => Number.NaN)));
const written = await readEmbeddedEnsemble(out);
const memberTests: number[] = [];
for (const files of written.members) {
  const member = await modelFromFiles({ modelJson: files.modelJson as ModelFiles['modelJson'], weights: files.weights });
  memberTests.push(accuracyOf(await predictProbabilities(member, test), test.labels));
  member.dispose();
}
const { model: shipped } = await loadEnsembleModel(fn, written.exports as unknown as EmbeddedEnsemble, out);
const testAccuracy = accuracyOf(await predictProbabilities(shipped, test), test.labels);
shipped.dispose();
const info = ensembleInfo(testAccuracy, memberTests);
const bytes = await write(info);
if (out === ENSEMBLE_PATH) await writeShippedModels(true);
console.log(`members: ${info.members.map((m, i) => `${i + 1}. seed ${m.seed}, ${m.quantization}, ${m.weightBytes} bytes, validation ${percent(m.validationAccuracy)}, test ${percent(m.testAccuracy)}`).join('; ')}`);
console.log(`shipped ensemble: ${members.length} members, ${info.weightBytes} weight bytes, file ${bytes} bytes (budget 2,000,000); validation ${percent(validationAccuracy)}; test accuracy of the shipped file ${percent(testAccuracy)} (${Math.round(testAccuracy * test.count)}/${test.count})`);
console.log(`wrote ${out}${out === ENSEMBLE_PATH ? ' and weights/shipped-models.cjs (the ensemble ships)' : ''}`);
