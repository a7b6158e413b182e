import { IntegrityError, checkOneOf, checkOptions } from '@digitkit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import * as shipped from '../weights/shipped-models.cjs';
import { averageModels } from './average-models.js';
import { decodeEmbeddedModel, type EmbeddedModel } from './embedded-model.js';
import { ModelNotShippedError } from './model-not-shipped-error.js';
import { SHIPPED_MODELS, type DigitRecognizerModel, type ShippedModelInfo } from './shipped-model-info.js';

/** Options of `loadDigitRecognizer`. */
export interface LoadDigitRecognizerOptions {
  /**
   * `'single'` (default): one strong CNN. `'ensemble'`: several CNNs, their softmax probabilities averaged — only
   * where this version ships it (`SHIPPED_MODELS`); otherwise a ModelNotShippedError says so.
   */
  model?: DigitRecognizerModel;
}

const MODELS = ['single', 'ensemble'] as const;

type EmbeddedSingle = typeof import('../weights/single/embedded.cjs');

/** What `weights/ensemble/embedded.cjs` exports: the members (one embedded model each) and the ensemble's info. */
export interface EmbeddedEnsemble {
  readonly MEMBERS: readonly EmbeddedModel<ShippedModelInfo>[];
  readonly INFO: Omit<ShippedModelInfo, 'name'>;
}

/** A CommonJS module's exports through `import()`: as named exports, or as `default` (some bundlers). */
function moduleExports<T>(module: T & { default?: T }, key: keyof T): T {
  return module.default?.[key] === undefined ? module : module.default;
}

/**
 * The shipped single model as strings, from `weights/single/embedded.cjs` (one CommonJS file for both builds, kept
 * out of the bundles by tsup): a dynamic import, so bundlers put its ~0.39 MB in their own chunk, loaded only when a
 * recognizer is.
 */
async function importSingle(): Promise<EmbeddedSingle> {
  return moduleExports((await import('../weights/single/embedded.cjs')) as EmbeddedSingle & { default?: EmbeddedSingle }, 'MODEL_JSON_DEFLATE_BASE64');
}

/** Warm-up: the first prediction compiles or uploads the backend's kernels; do it here, not in the first recognize. */
function warmUp(model: tfl.LayersModel): void {
  tf.tidy(() => {
    model.predict(tf.zeros([1, 28, 28, 1]));
  });
}

/**
 * Builds an ensemble from the exports of an ensemble weights file (`weights/ensemble/embedded.cjs`, or a file
 * `pnpm import-ensemble --out` wrote): every member decoded and built on the active backend, combined into one
 * model averaging their probabilities, warmed up. On a failure the members built so far are disposed. Internal
 * (loadShippedModel, import-ensemble.ts, tests).
 */
export async function loadEnsembleModel(functionName: string, embedded: EmbeddedEnsemble, file = 'the embedded ensemble of @digitkit/recognizer'): Promise<{ model: tfl.LayersModel; info: ShippedModelInfo }> {
  const members: tfl.LayersModel[] = [];
  try {
    if (!Array.isArray(embedded.MEMBERS) || embedded.MEMBERS.length < 2) {
      throw new IntegrityError({ functionName, file, expected: 'at least 2 members', found: `${Array.isArray(embedded.MEMBERS) ? embedded.MEMBERS.length : 'no'} members`, fix: 'reinstall @digitkit/recognizer' });
    }
    for (const [i, member] of embedded.MEMBERS.entries()) members.push(await decodeEmbeddedModel(functionName, member, `${file} (member ${i + 1})`, `member_${i + 1}`));
    const model = averageModels(members);
    warmUp(model);
    return { model, info: Object.freeze({ ...embedded.INFO, name: 'ensemble' as const }) };
  } catch (error) {
    for (const member of members) member.dispose();
    throw error;
  }
}

/**
 * Loads a shipped model from the weights embedded in the package (no network, no file system): checks the options,
 * decodes the embedded `model.json` + `weights.bin` (base64, then zlib-inflated with `DecompressionStream`) of the
 * model — or of each member of the ensemble, averaged — builds it on the active backend and runs one warm-up
 * prediction. Internal: `loadDigitRecognizer` wraps it.
 */
export async function loadShippedModel(functionName: string, options: LoadDigitRecognizerOptions | undefined): Promise<{ model: tfl.LayersModel; info: ShippedModelInfo }> {
  const checked = checkOptions(functionName, options, ['model']);
  const name = checkOneOf(functionName, 'options.model', checked.model ?? 'single', MODELS);
  if (!SHIPPED_MODELS.includes(name) || (name === 'ensemble' && shipped.importEnsembleWeights === undefined)) {
    throw new ModelNotShippedError({
      functionName,
      model: name,
      shipped: SHIPPED_MODELS,
      fix: "use { model: 'single' }; the ensemble ships once its members are trained and measured (see the README)",
    });
  }
  if (name === 'ensemble') {
    const module = (await (shipped.importEnsembleWeights as () => Promise<unknown>)()) as EmbeddedEnsemble & { default?: EmbeddedEnsemble };
    return loadEnsembleModel(functionName, moduleExports(module, 'MEMBERS'));
  }
  const embedded = await importSingle();
  const model = await decodeEmbeddedModel(functionName, embedded, 'the embedded weights of @digitkit/recognizer');
  warmUp(model);
  return { model, info: Object.freeze({ ...embedded.INFO, name }) };
}
