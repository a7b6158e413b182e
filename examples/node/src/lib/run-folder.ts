import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTempFiles, writeFileAtomic } from '@digitkit/core/node';
import { readFloat32File, writeFloat32File } from './float32-file.js';
import { checkMetricsFile, type MetricsFile } from './metrics-file.js';
import { checkTrainingConfig, type TrainingConfig } from './training-config.js';
import { UserError } from './user-error.js';

/** Where a run keeps each of its files. */
export interface RunPaths {
  dir: string;
  /** `run.json`: the training configuration (what `train --resume` continues). */
  config: string;
  /** `model/`: the trained model (tfjs layers format, written by saveModel). */
  model: string;
  /** `checkpoint/`: the last finished epoch, for `train --resume`. */
  checkpoint: string;
  /** `metrics.json`: test metrics, history, timings, command and versions. */
  metrics: string;
  /** `test-probabilities.bin`: float32 little-endian `[N, 10]` softmax outputs on the test images. */
  probabilities: string;
  /** `report.html`: every figure. */
  report: string;
}

/** File layout of a run folder. */
export function runPaths(dir: string): RunPaths {
  return {
    dir,
    config: join(dir, 'run.json'),
    model: join(dir, 'model'),
    checkpoint: join(dir, 'checkpoint'),
    metrics: join(dir, 'metrics.json'),
    probabilities: join(dir, 'test-probabilities.bin'),
    report: join(dir, 'report.html'),
  };
}

/** Contents of `run.json`. */
export interface RunConfigFile {
  format: 'digitkit-run';
  version: 1;
  name: string;
  preset: string;
  createdAt: string;
  /** The command line that created the run. */
  command: string;
  config: TrainingConfig;
}

/** Writes `run.json` atomically. */
export async function writeRunConfig(paths: RunPaths, file: RunConfigFile): Promise<void> {
  await writeFileAtomic(paths.config, `${JSON.stringify(file, null, 2)}\n`, { functionName: 'digitkit' });
}

/** Writes `metrics.json` atomically. */
export async function writeMetricsFile(paths: RunPaths, metrics: MetricsFile): Promise<void> {
  await writeFileAtomic(paths.metrics, `${JSON.stringify(metrics, null, 2)}\n`, { functionName: 'digitkit' });
}

/** Writes `report.html` atomically. */
export async function writeReport(paths: RunPaths, html: string): Promise<void> {
  await writeFileAtomic(paths.report, html, { functionName: 'digitkit' });
}

/** Reads a JSON file of a run, turning a missing or broken file into a one-line {@link UserError}. */
export async function readRunJson<T>(path: string, what: string, runDir: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(`${runDir} is not a digitkit run folder (no ${what})`, { cause: error });
    }
    if (code === 'EISDIR') throw new UserError(`cannot read ${path}: it is a folder, not a file`, { cause: error });
    throw new UserError(`cannot read ${path}: ${(error as Error).message.replace(/^\w+: /, '')}`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message}); ${what === 'run.json' ? `delete ${runDir} or pass another --out` : `write it again with: digitkit train --resume ${runDir}`}`, { cause: error });
  }
}

/** Reads and checks `metrics.json`. */
export async function readMetricsFile(paths: RunPaths): Promise<MetricsFile> {
  return checkMetricsFile(await readRunJson<unknown>(paths.metrics, 'metrics.json', paths.dir), paths.metrics, paths.dir);
}

/**
 * Removes the temporary files a killed process left in the run folder, its model and its checkpoint
 * (`removeStaleTempFiles` of @digitkit/core); returns how many were removed.
 */
export async function removeStaleRunFiles(paths: RunPaths): Promise<number> {
  let removed = 0;
  for (const folder of [paths.dir, paths.model, paths.checkpoint]) removed += (await removeStaleTempFiles(folder)).length;
  return removed;
}

/** Reads and checks `run.json` (format, version and every setting of the config, with its type). */
export async function readRunConfig(paths: RunPaths): Promise<RunConfigFile> {
  const file = await readRunJson<RunConfigFile>(paths.config, 'run.json', paths.dir);
  const fix = `; delete ${paths.dir} or pass another --out`;
  if (file?.format !== 'digitkit-run' || file.version !== 1 || typeof file.config !== 'object' || file.config === null) {
    throw new UserError(`${paths.config} is not a digitkit run.json (format digitkit-run, version 1)${fix}`);
  }
  const wrong = checkTrainingConfig(file.config);
  for (const key of ['name', 'preset', 'command'] as const) if (typeof file[key] !== 'string') wrong.push(key);
  if (wrong.length > 0) throw new UserError(`${paths.config} is malformed: missing or wrong ${wrong.join(', ')}${fix}`);
  return file;
}

/** Writes the test probabilities as float32 little-endian bytes. */
export async function writeProbabilities(paths: RunPaths, probabilities: Float32Array): Promise<void> {
  await writeFloat32File(paths.probabilities, probabilities);
}

/** Reads `test-probabilities.bin`, checking it holds `count * numClasses` floats. */
export async function readProbabilities(paths: RunPaths, count: number, numClasses: number): Promise<Float32Array> {
  if (!existsSync(paths.probabilities)) {
    throw new UserError(`${paths.dir} has no test-probabilities.bin; run 'digitkit evaluate ${paths.dir}' first`);
  }
  return readFloat32File(paths.probabilities, count * numClasses, `write it again with: digitkit evaluate ${paths.dir}`, {
    min: 0,
    max: 1,
    what: 'probabilities in [0, 1]',
  });
}
