import { useBackend, type BackendName } from '../lib/backend.js';
import { openRunModel } from '../lib/open-model.js';
import { prepareRunData } from '../lib/prepare-data.js';
import { evaluateOnTestSet } from '../lib/evaluate-on-test-set.js';
import { buildRunReport } from '../lib/run-report.js';
import { readRunConfig, readRunJson, runPaths } from '../lib/run-folder.js';
import { formatTableThree } from '../lib/test-metrics.js';
import { runtimeVersions } from '../lib/versions.js';
import { writeFileAtomic } from '../lib/write-file-atomic.js';
import type { MetricsFile } from './train.js';

/**
 * `digitkit evaluate <run>`: loads the run's model, predicts the test images again on the chosen backend, prints the
 * Table-III metrics and rewrites metrics.json, test-probabilities.bin and report.html.
 */
export async function evaluateCommand(
  run: string,
  options: { backend: BackendName; command: string },
  out: (line: string) => void,
): Promise<MetricsFile> {
  const started = performance.now();
  const paths = runPaths(run);
  const runFile = await readRunConfig(paths);
  const previous = await readRunJson<MetricsFile>(paths.metrics, 'metrics.json', paths.dir);
  const backend = await useBackend(options.backend);
  const model = await openRunModel(paths);
  const data = await prepareRunData(runFile.config);
  const { evaluation, test, probabilities, seconds: evaluateSeconds } = await evaluateOnTestSet(model, data.test, paths);
  const metrics: MetricsFile = {
    ...previous,
    finishedAt: new Date().toISOString(),
    command: `${previous.command} (evaluated again with: ${options.command})`,
    versions: runtimeVersions(),
    backend: { name: backend.name, details: backend.details },
    test,
    timings: { ...previous.timings, evaluate: evaluateSeconds },
  };
  const reportStart = performance.now();
  await writeFileAtomic(paths.report, buildRunReport({ metrics, data, probabilities, evaluation }));
  metrics.timings.report = (performance.now() - reportStart) / 1000;
  await writeFileAtomic(paths.metrics, `${JSON.stringify(metrics, null, 2)}\n`);
  out(`test metrics of ${paths.dir} on ${test.count} images (${backend.name}, ${((performance.now() - started) / 1000).toFixed(1)} s):`);
  out(formatTableThree(test));
  out(`test accuracy: ${(100 * test.accuracy).toFixed(2)}%`);
  out(`report: ${paths.report}`);
  return metrics;
}
