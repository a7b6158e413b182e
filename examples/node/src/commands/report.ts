import { evaluateClassifier } from '@digitkit/metrics';
import { prepareRunData } from '../lib/prepare-data.js';
import { buildRunReport } from '../lib/run-report.js';
import { readProbabilities, readRunConfig, readRunJson, runPaths } from '../lib/run-folder.js';
import { writeFileAtomic } from '../lib/write-file-atomic.js';
import type { MetricsFile } from './train.js';

/** `digitkit report <run>`: rebuilds report.html from metrics.json and the stored test probabilities (no model, no backend). */
export async function reportCommand(run: string, out: (line: string) => void): Promise<string> {
  const paths = runPaths(run);
  const runFile = await readRunConfig(paths);
  const metrics = await readRunJson<MetricsFile>(paths.metrics, 'metrics.json', paths.dir);
  const data = await prepareRunData(runFile.config);
  const probabilities = await readProbabilities(paths, data.test.count, data.test.numClasses);
  const evaluation = evaluateClassifier(data.test.labels, probabilities, { numClasses: data.test.numClasses });
  await writeFileAtomic(paths.report, buildRunReport({ metrics, data, probabilities, evaluation }));
  out(`test accuracy: ${(100 * evaluation.accuracy).toFixed(2)}%`);
  out(`report: ${paths.report}`);
  return paths.report;
}
