import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '@digitkit/cnn-models/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RunPaths } from './run-folder.js';
import { UserError } from './user-error.js';

/** Loads the trained model of a run, with one-line errors for a missing or unreadable model. */
export async function openRunModel(paths: RunPaths): Promise<tfl.LayersModel> {
  if (!existsSync(paths.dir)) throw new UserError(`no such run folder: ${paths.dir}`);
  if (!existsSync(join(paths.model, 'model.json'))) {
    throw new UserError(`${paths.dir} has no trained model (${join(paths.model, 'model.json')} is missing); train it first`);
  }
  try {
    return await loadModel(paths.model);
  } catch (error) {
    throw new UserError(`cannot load the model in ${paths.model}: ${(error as Error).message}`, { cause: error });
  }
}
