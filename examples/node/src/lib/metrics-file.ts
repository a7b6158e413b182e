import type { TrainingHistory } from '@digitkit/cnn-models';
import { UserError } from './user-error.js';
import type { TestMetrics } from './test-metrics.js';
import type { TrainingConfig } from './training-config.js';
import type { RuntimeVersions } from './versions.js';

/** Contents of `metrics.json`. */
export interface MetricsFile {
  format: 'digitkit-metrics';
  version: 1;
  run: string;
  preset: string;
  finishedAt: string;
  command: string;
  versions: RuntimeVersions;
  backend: { name: string; details: Record<string, unknown> };
  config: TrainingConfig;
  data: { train: number; trainBeforeOverSampling: number; validation: number; test: number };
  training: TrainingHistory & { resumedFromEpoch: number; interrupted: false };
  test: TestMetrics;
  /** Wall-clock seconds of each phase of the last process that worked on the run. */
  timings: { loadData: number; train: number; evaluate: number; report: number; total: number };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the parsed contents of a run's `metrics.json` (format, version and the sections `report` and `evaluate`
 * read) so a hand-edited or truncated file gives one line naming it instead of a TypeError deep in the report.
 */
export function checkMetricsFile(value: unknown, path: string, runDir: string): MetricsFile {
  const fix = `; write it again with: digitkit train --resume ${runDir}`;
  if (!isObject(value) || value.format !== 'digitkit-metrics' || value.version !== 1) {
    throw new UserError(`${path} is not a digitkit metrics.json (expected format "digitkit-metrics", version 1)${fix}`);
  }
  const missing: string[] = [];
  for (const key of ['config', 'data', 'training', 'test', 'timings', 'backend', 'versions'] as const) {
    if (!isObject(value[key])) missing.push(key);
  }
  const training = value.training as Record<string, unknown> | undefined;
  if (isObject(training) && !Array.isArray(training.epochs)) missing.push('training.epochs');
  const versions = value.versions as Record<string, unknown> | undefined;
  if (isObject(versions) && !isObject(versions.packages)) missing.push('versions.packages');
  for (const key of ['run', 'preset', 'command'] as const) if (typeof value[key] !== 'string') missing.push(key);
  if (missing.length > 0) throw new UserError(`${path} is malformed: missing or wrong ${missing.join(', ')}${fix}`);
  return value as unknown as MetricsFile;
}
