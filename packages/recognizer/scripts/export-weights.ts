/**
 * Writes the shipped model as standard tfjs layers files — `<folder>/model.json` + `weights.bin` (loadable with
 * `tf.loadLayersModel` or `@digitkit/cnn-models/node`'s `loadModel`) and `info.json` — from the one shipped file,
 * weights/single/embedded.cjs:
 *
 *   pnpm --filter @digitkit/recognizer export-weights <folder>
 *
 * `pnpm embed-weights <folder>` turns such a folder back into embedded.cjs. Not published.
 */
import { makeFolder, writeFileAtomic } from '@digitkit/core/node';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEmbeddedWeights } from './embed-weights.js';

/** Writes model.json, weights.bin and info.json into `folder`; returns the folder. */
export async function exportWeights(folder: string): Promise<string> {
  const { modelJson, weights, info } = await readEmbeddedWeights();
  await makeFolder(folder);
  await writeFileAtomic(join(folder, 'weights.bin'), weights, { functionName: 'exportWeights' });
  await writeFileAtomic(join(folder, 'model.json'), `${JSON.stringify(modelJson)}\n`, { functionName: 'exportWeights' });
  await writeFileAtomic(join(folder, 'info.json'), `${JSON.stringify(info, null, 2)}\n`, { functionName: 'exportWeights' });
  return folder;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: export-weights.ts <folder>');
    process.exit(2);
  }
  console.log(`wrote model.json, weights.bin, info.json to ${await exportWeights(folder)}`);
}
