import type { TrainingHistory } from '@digitkit/cnn-models';
import { UserError } from './user-error.js';
import type { TestMetrics } from './test-metrics.js';
import { checkTrainingConfig, type TrainingConfig } from './training-config.js';
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
  // `test` is not checked here: `report` and `evaluate` recompute it from the stored probabilities.
  for (const key of ['config', 'data', 'training', 'timings', 'backend', 'versions'] as const) {
    if (!isObject(value[key])) missing.push(key);
  }
  const training = value.training as Record<string, unknown> | undefined;
  if (isObject(training)) {
    const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    const epochs = training.epochs;
    if (!Array.isArray(epochs)) missing.push('training.epochs');
    else {
      epochs.forEach((e: unknown, i) => {
        const ok =
          isObject(e) &&
          Number.isInteger(e.epoch) &&
          finite(e.loss) &&
          finite(e.accuracy) &&
          finite(e.learningRate) &&
          (e.valLoss === undefined || finite(e.valLoss)) &&
          (e.valAccuracy === undefined || finite(e.valAccuracy));
        if (!ok) missing.push(`training.epochs[${i}]`);
      });
    }
  }
  if (isObject(value.config)) missing.push(...checkTrainingConfig(value.config));
  const data = value.data as Record<string, unknown> | undefined;
  if (isObject(data)) {
    for (const key of ['train', 'trainBeforeOverSampling', 'validation', 'test']) if (!Number.isInteger(data[key])) missing.push(`data.${key}`);
  }
  const backend = value.backend as Record<string, unknown> | undefined;
  if (isObject(backend) && typeof backend.name !== 'string') missing.push('backend.name');
  const versions = value.versions as Record<string, unknown> | undefined;
  if (isObject(versions) && !isObject(versions.packages)) missing.push('versions.packages');
  for (const key of ['run', 'preset', 'command'] as const) if (typeof value[key] !== 'string') missing.push(key);
  if (missing.length > 0) throw new UserError(`${path} is malformed: missing or wrong ${missing.join(', ')}${fix}`);
  return value as unknown as MetricsFile;
}
