import { evaluationFromProbabilities } from '../lib/evaluation-from-probabilities.js';
import { prepareRunData } from '../lib/prepare-data.js';
import { buildRunReport } from '../lib/run-report.js';
import { readMetricsFile, readProbabilities, readRunConfig, runPaths, writeReport } from '../lib/run-folder.js';
import { toTestMetrics } from '../lib/test-metrics.js';

/** `digitkit report <run>`: rebuilds report.html from metrics.json and the stored test probabilities (no model, no backend). */
export async function reportCommand(run: string, out: (line: string) => void): Promise<string> {
  const paths = runPaths(run);
  const runFile = await readRunConfig(paths);
  const metrics = await readMetricsFile(paths);
  const data = await prepareRunData(runFile.config);
  const probabilities = await readProbabilities(paths, data.test.count, data.test.numClasses);
  const evaluation = evaluationFromProbabilities(data.test, probabilities);
  // The Table-III figures are those of the stored probabilities, not the copy in metrics.json.
  const test = toTestMetrics(evaluation, data.test.count);
  await writeReport(paths, buildRunReport({ metrics: { ...metrics, test }, data, evaluation }));
  out(`test accuracy: ${(100 * evaluation.accuracy).toFixed(2)}%`);
  out(`report: ${paths.report}`);
  return paths.report;
}
