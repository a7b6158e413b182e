import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelName } from '@digitkit/cnn-models';
import { argmaxRows } from '@digitkit/core';
import { writeFileAtomic } from '@digitkit/core/node';
import { accuracy } from '@digitkit/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../lib/backend.js';
import { cnnTrainingConfig, DISPLAY_NAMES, type CompareConfig } from '../lib/compare-config.js';
import { fitClassicMember, readFinishedMember, trainCnnMember, type CnnProgress, type MemberOutcome } from '../lib/compare-members.js';
import { buildCompareReport, comparisonTableRows, COMPARISON_COLUMNS, describeMcNemar } from '../lib/compare-report.js';
import { compareResults } from '../lib/compare-results.js';
import { createOutputFolder } from '../lib/create-output-folder.js';
import { createInterruptGuard, INTERRUPTED_EXIT_CODE, type InterruptGuard } from '../lib/interrupt-guard.js';
import { prepareRunData } from '../lib/prepare-data.js';
import { formatDuration } from '../lib/training-progress.js';
import { UserError } from '../lib/user-error.js';
import { runtimeVersions } from '../lib/versions.js';

/** What `digitkit compare` gets from the command line. */
export interface CompareRequest {
  config: CompareConfig;
  backend: BackendName;
  /** `--threads` (wasm), or undefined: the default of `useBackend`. */
  threads?: number;
  /** Comparison folder. */
  out: string;
  /** Continue the comparison in `out`. */
  resume: boolean;
  /** The command line, for comparison.json. */
  command: string;
  /** Draw progress bars (stderr is a terminal). */
  progressBar: boolean;
}

/** Contents of `compare.json`: the settings `--resume` continues with. */
interface CompareFile {
  format: 'digitkit-compare';
  version: 1;
  name: string;
  createdAt: string;
  command: string;
  config: CompareConfig;
}

/**
 * `digitkit compare`: the second paper's experiment on one seeded split — k-NN, RBF SVM and logistic regression
 * (@digitkit/classic-models), the CNNs, then soft-vote, hard-vote and stacking ensembles of the CNNs (stacking fitted
 * on the validation part only) — and a report: comparison table and figure, ensembles against their best member,
 * McNemar's test between the best two, error overlap, a confusion matrix per model. Finished models are kept, so
 * Ctrl-C and `--resume` work as in `train`.
 */
export async function compareCommand(request: CompareRequest, io: { out: (line: string) => void; err: (line: string) => void }): Promise<void> {
  const guard = createInterruptGuard({ err: io.err });
  try {
    await compare(request, io.out, guard);
  } finally {
    guard.dispose();
  }
}

async function compare(request: CompareRequest, out: (line: string) => void, guard: InterruptGuard): Promise<void> {
  const started = performance.now();
  const dir = request.out;
  const settingsPath = join(dir, 'compare.json');
  const resumeHint = `digitkit compare --resume ${dir}`;
  guard.setAction({ abort: false, line: () => `interrupted before the first model; continue with: ${resumeHint}` });
  let file: CompareFile;
  if (request.resume) {
    file = await readCompareFile(settingsPath, dir);
    await createOutputFolder(dir, '--resume');
  } else {
    if (existsSync(settingsPath)) throw new UserError(`${dir} already holds a comparison; continue it with '${resumeHint}' or pick another --out`);
    await createOutputFolder(dir);
    file = { format: 'digitkit-compare', version: 1, name: basename(dir), createdAt: new Date().toISOString(), command: request.command, config: request.config };
    await guard.protect(() => writeFileAtomic(settingsPath, `${JSON.stringify(file, null, 2)}\n`, { functionName: 'digitkit' }));
  }
  const { config } = file;
  const backend = await useBackend(request.backend, request.threads);
  // One split for every model: the CNN recipe's (stratified validation part, seeded).
  const data = await prepareRunData(cnnTrainingConfig(config, config.cnns[0] ?? 'paper-cnn'));
  out(
    `comparing ${[...config.classic, ...config.cnns].map((n) => DISPLAY_NAMES[n] ?? n).join(', ')} on ${backend.name}: ` +
      `${data.train.count} train / ${data.validation.count} validation / ${data.test.count} test images, seed ${config.seed}`,
  );
  out(`comparison folder: ${dir}`);

  const members: MemberOutcome[] = [];
  const report = (member: MemberOutcome, kept: boolean) => {
    const correct = accuracy(data.test.labels, argmaxRows(member.testProbabilities, data.test.numClasses));
    out(
      `${DISPLAY_NAMES[member.name] ?? member.name}: test accuracy ${(100 * correct).toFixed(2)}%, ` +
        `${kept ? 'kept from the earlier run' : `trained in ${formatDuration(member.trainSeconds)}`}, ${member.inferenceMsPerImage.toFixed(3)} ms/image`,
    );
  };
  for (const name of config.classic) {
    const finished = await readFinishedMember(dir, name, data);
    if (finished) {
      members.push(finished);
      report(finished, true);
      continue;
    }
    guard.setAction({
      abort: false,
      line: () => `interrupted while fitting ${DISPLAY_NAMES[name]}; the finished models are kept — continue with: ${resumeHint}`,
    });
    out(`fitting ${DISPLAY_NAMES[name]}...`);
    const member = await fitClassicMember(dir, name, config, data, guard);
    members.push(member);
    report(member, false);
  }
  for (const name of config.cnns) {
    const finished = await readFinishedMember(dir, name, data);
    if (finished) {
      members.push(finished);
      report(finished, true);
      continue;
    }
    out(`training ${name} (${config.epochs} epochs)...`);
    const progress: CnnProgress = { epochsDone: 0, lastBatch: undefined };
    const line = () => cnnInterruptedLine(dir, name, config.epochs, progress, resumeHint);
    guard.setAction({ abort: true, line });
    try {
      const member = await trainCnnMember(dir, name as ModelName, config, data, guard, {
        resume: request.resume,
        progressBar: request.progressBar,
        out,
        progress,
      });
      members.push(member);
      report(member, false);
    } catch (error) {
      if (guard.signal.aborted) throw new UserError(line(), { exitCode: INTERRUPTED_EXIT_CODE, cause: error });
      throw error;
    }
    guard.setAction({ abort: false, line: () => `interrupted after ${name}; the finished models are kept — continue with: ${resumeHint}` });
  }

  guard.setAction({ abort: false, line: () => `interrupted while writing the report; every model is kept — finish with: ${resumeHint}` });
  const results = compareResults(members, data.test, data.validation, config.seed);
  const versions = runtimeVersions();
  const setup: Array<[string, string]> = [
    ['Images: train / validation / test', `${data.train.count} / ${data.validation.count} / ${data.test.count}`],
    ['Split', `stratified, seed ${config.seed}, validation ${config.validationFraction}${config.limit ? `, first ${config.limit} training images` : ''}${config.testLimit ? `, first ${config.testLimit} test images` : ''}`],
    ['CNNs', `${config.cnns.join(', ')}: ${config.epochs} epochs, batch ${config.batchSize}, one-cycle peak ${config.learningRate}, best validation epoch kept`],
    ['Ensembles', 'of the CNNs; every combiner fitted on the validation part only (5-fold cross-validation there for the chosen ensemble and the stacking penalty); the test set is predicted once'],
    ['Classic models', 'k-NN (k = 3, euclidean, brute force), RBF SVM (Nyström features + linear SVM, C = 1, γ = scale), logistic regression (L-BFGS, C = 1)'],
    ['Backend', `${backend.name} (${JSON.stringify(backend.details)})`],
    ['Command', file.command + (request.resume ? ` (resumed with: ${request.command})` : '')],
    ['Versions', `node ${versions.node}, tfjs ${versions.packages['@tensorflow/tfjs-core']}, ${versions.cpus}x ${versions.cpu}`],
  ];
  const best = results.rows.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  const html = buildCompareReport({ title: `digitkit compare ${file.name}: best ${best.display} ${(100 * best.accuracy).toFixed(2)}%`, results, setup });
  const reportPath = join(dir, 'report.html');
  await guard.protect(() => writeFileAtomic(reportPath, html, { functionName: 'digitkit' }));
  const comparison = {
    format: 'digitkit-comparison',
    version: 1,
    name: file.name,
    finishedAt: new Date().toISOString(),
    command: file.command,
    config,
    data: { train: data.train.count, validation: data.validation.count, test: data.test.count },
    backend: { name: backend.name, details: backend.details },
    versions,
    ...results,
    seconds: (performance.now() - started) / 1000,
  };
  await guard.protect(() => writeFileAtomic(join(dir, 'comparison.json'), `${JSON.stringify(comparison, null, 2)}\n`, { functionName: 'digitkit' }));
  tf.disposeVariables();

  out('');
  out(`comparison on ${data.test.count} test images:`);
  out(formatTable([COMPARISON_COLUMNS, ...comparisonTableRows(results)]));
  for (const e of results.ensemblesVersusBest) {
    out(
      `${DISPLAY_NAMES[e.ensemble]}: ${(100 * e.gain >= 0 ? '+' : '') + (100 * e.gain).toFixed(2)} points over ${e.bestMember} (McNemar p = ${e.mcnemar.pValue.toFixed(4)})` +
        (e.selected ? ' — the ensemble chosen on validation' : ''),
    );
  }
  if (results.bestTwo) {
    const name = (n: string) => results.rows.find((r) => r.name === n)!.display;
    out(describeMcNemar(name(results.bestTwo.a), name(results.bestTwo.b), results.bestTwo.mcnemar));
  }
  out(`total ${formatDuration((performance.now() - started) / 1000)}`);
  out(`report: ${reportPath}`);
}

async function readCompareFile(path: string, dir: string): Promise<CompareFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`${dir} is not a digitkit comparison folder (no compare.json)`, { cause: error });
  }
  let file: CompareFile;
  try {
    file = JSON.parse(text) as CompareFile;
  } catch (error) {
    throw new UserError(`${path} is not valid JSON; delete ${dir} or pass another --out`, { cause: error });
  }
  if (file?.format !== 'digitkit-compare' || file.version !== 1 || typeof file.config !== 'object' || file.config === null) {
    throw new UserError(`${path} is not a digitkit compare.json (format digitkit-compare, version 1); delete ${dir} or pass another --out`);
  }
  return file;
}

function cnnInterruptedLine(dir: string, name: string, epochs: number, progress: CnnProgress, resume: string): string {
  const { epochsDone, lastBatch } = progress;
  const where =
    lastBatch === undefined ? 'before its first step' : lastBatch.epoch <= epochsDone ? `after epoch ${epochsDone}` : `in epoch ${lastBatch.epoch} after batch ${lastBatch.batch} of ${lastBatch.batches}`;
  const kept = epochsDone > 0 ? `its checkpoint after epoch ${epochsDone}/${epochs} is in ${join(dir, 'members', name, 'checkpoint')}` : 'no epoch of it finished yet';
  return `interrupted while training ${name} (${where}); the finished models are kept and ${kept} — continue with: ${resume}`;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}
