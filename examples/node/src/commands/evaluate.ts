import { useBackend, type BackendName } from '../lib/backend.js';
import { evaluateOnTestSet } from '../lib/evaluate-on-test-set.js';
import { createInterruptGuard } from '../lib/interrupt-guard.js';
import type { MetricsFile } from '../lib/metrics-file.js';
import { openRunModel } from '../lib/open-model.js';
import { prepareRunData } from '../lib/prepare-data.js';
import { buildRunReport } from '../lib/run-report.js';
import { readMetricsFile, readRunConfig, runPaths, writeMetricsFile, writeReport } from '../lib/run-folder.js';
import { formatTableThree } from '../lib/test-metrics.js';
import { runtimeVersions } from '../lib/versions.js';

/**
 * `digitkit evaluate <run>`: loads the run's model, predicts the test images again on the chosen backend, prints the
 * Table-III metrics and rewrites metrics.json, test-probabilities.bin and report.html. Ctrl-C prints one line and
 * exits 130, after the write in progress if there is one.
 */
export async function evaluateCommand(
  run: string,
  options: { backend: BackendName; threads?: number; command: string },
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<MetricsFile> {
  const { out } = io;
  const started = performance.now();
  const paths = runPaths(run);
  const guard = createInterruptGuard({ err: io.err });
  guard.setAction({ abort: false, line: () => `interrupted; the run's files are unchanged or complete — evaluate again with: digitkit evaluate ${paths.dir}` });
  try {
    const runFile = await readRunConfig(paths);
    const previous = await readMetricsFile(paths);
    const backend = await useBackend(options.backend, options.threads);
    const model = await openRunModel(paths);
    const data = await prepareRunData(runFile.config);
    const { evaluation, test, seconds: evaluateSeconds } = await evaluateOnTestSet(model, data.test, paths, guard.protect);
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
    const html = buildRunReport({ metrics, data, evaluation });
    await guard.protect(() => writeReport(paths, html));
    metrics.timings.report = (performance.now() - reportStart) / 1000;
    await guard.protect(() => writeMetricsFile(paths, metrics));
    out(`test metrics of ${paths.dir} on ${test.count} images (${backend.name}, ${((performance.now() - started) / 1000).toFixed(1)} s):`);
    out(formatTableThree(test));
    out(`test accuracy: ${(100 * test.accuracy).toFixed(2)}%`);
    out(`report: ${paths.report}`);
    return metrics;
  } finally {
    guard.dispose();
  }
}
