import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '@digitkit/cnn-models/node';
import { DigitKitError } from '@digitkit/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RunPaths } from './run-folder.js';
import { UserError } from './user-error.js';

/**
 * Loads the trained model of a run, with one-line errors for a missing, unreadable or damaged model (`loadModel`
 * verifies the weights' SHA-256 and refuses non-finite weights; the CLI's fix is to save it again from the run's
 * checkpoint with `train --resume`).
 */
export async function openRunModel(paths: RunPaths): Promise<tfl.LayersModel> {
  if (!existsSync(paths.dir)) throw new UserError(`no such run folder: ${paths.dir}`);
  if (!existsSync(join(paths.model, 'model.json'))) {
    throw new UserError(`${paths.dir} has no trained model (${join(paths.model, 'model.json')} is missing); train it first`);
  }
  try {
    return await loadModel(paths.model);
  } catch (error) {
    const fix = `save it again from the checkpoint with: digitkit train --resume ${paths.dir}`;
    if (DigitKitError.isInstance(error) && error.name === 'IntegrityError') {
      const { file, expected, found } = error as DigitKitError & { file: string; expected: string; found: string };
      throw new UserError(`the model is damaged: ${file}: expected ${expected}, got ${found}; ${fix}`, { cause: error });
    }
    const detail = (error as Error).message.replace(/^\w+: /, '').replace(/;[^;]*$/, '');
    throw new UserError(`cannot load the model in ${paths.model}: ${detail}; ${fix}`, { cause: error });
  }
}
