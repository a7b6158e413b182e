import {
  checkDataset,
  checkFiniteNumber,
  checkFunction,
  checkInteger,
  checkOptions,
  checkSeed,
  describeValue,
  MismatchError,
  subsetDataset,
  type DigitDataset,
} from '@digitkit/core';
import { bootstrapIndices, outOfBagIndices } from './bootstrap.js';
import { checkMemberList } from './validate.js';

/** What bagging needs of a trained member: class probabilities `[N, numClasses]` (flat) for a data set. */
export interface EnsembleMember {
  predict(dataset: DigitDataset): Float32Array | Promise<Float32Array>;
}

/** Options of {@link trainBaggingEnsemble}. */
export interface BaggingOptions<M extends EnsembleMember> {
  /** Number of members (bootstrap samples), an integer ≥ 1. Required. */
  members: number;
  /** Seed (any finite number); member `m` draws its bootstrap sample with seed `seed + m`. Required. */
  seed: number;
  /** Fraction of the data set each bootstrap sample draws (with replacement), in `(0, 1]`. Default 1. */
  sampleFraction?: number;
  /** Trains one member on its bootstrap sample (any model, any backend). Required. */
  train: (sample: DigitDataset, info: { member: number; indices: Int32Array }) => M | Promise<M>;
}

/** Result of {@link trainBaggingEnsemble}. */
export interface BaggingEnsemble<M extends EnsembleMember> {
  members: M[];
  /** The bootstrap sample of each member (indices into the training set). */
  samples: Int32Array[];
  /** The out-of-bag indices of each member (examples its sample did not draw). */
  outOfBag: Int32Array[];
}

const BAGGING_OPTIONS = ['members', 'seed', 'sampleFraction', 'train'] as const;

/**
 * Bagging (Breiman 1996): trains `members` models, each on a bootstrap sample of `dataset` drawn with
 * replacement, one after another (memory stays at one model's training). Combine their predictions with
 * {@link softVote} or {@link hardVote}.
 *
 * @throws TypeError/RangeError before training for unknown or bad options or an inconsistent data set; TypeError
 *   when `train` returns something without a `predict` method.
 */
export async function trainBaggingEnsemble<M extends EnsembleMember>(
  dataset: DigitDataset,
  options: BaggingOptions<M>,
): Promise<BaggingEnsemble<M>> {
  const fn = 'trainBaggingEnsemble';
  if (options === undefined) throw new TypeError(`${fn}: expected options with members, seed and train, got undefined`);
  const { members, seed, sampleFraction = 1, train } = checkOptions(fn, options, BAGGING_OPTIONS);
  checkInteger(fn, 'options.members', members, { min: 1 });
  checkSeed(fn, 'options.seed', seed);
  checkFiniteNumber(fn, 'options.sampleFraction', sampleFraction, { greaterThan: 0, max: 1 });
  checkFunction(fn, 'options.train', train);
  checkDataset(fn, dataset);
  const size = Math.max(1, Math.round(dataset.count * sampleFraction));
  const result: BaggingEnsemble<M> = { members: [], samples: [], outOfBag: [] };
  for (let member = 0; member < (members as number); member++) {
    const indices = bootstrapIndices(dataset.count, { seed: (seed as number) + member, size });
    const trained = await (train as BaggingOptions<M>['train'])(subsetDataset(dataset, indices), { member, indices });
    if (typeof (trained as Partial<EnsembleMember> | undefined)?.predict !== 'function') {
      throw new TypeError(
        `${fn}: expected options.train to return a member with a predict(dataset) method, got ${describeValue(trained)} for member ${member}`,
      );
    }
    result.members.push(trained);
    result.samples.push(indices);
    result.outOfBag.push(outOfBagIndices(dataset.count, indices));
  }
  return result;
}

/**
 * Every member's class probabilities for `dataset`, in member order (inputs to the voting functions).
 *
 * @throws TypeError for a member without `predict` or an inconsistent data set; MismatchError when a member's
 *   scores are not a Float32Array of `dataset.count * dataset.numClasses` values.
 */
export async function predictMembers(members: readonly EnsembleMember[], dataset: DigitDataset): Promise<Float32Array[]> {
  const fn = 'predictMembers';
  checkMemberList(fn, 'members', members, 'members');
  members.forEach((member, m) => {
    if (typeof (member as Partial<EnsembleMember> | undefined)?.predict !== 'function') {
      throw new TypeError(`${fn}: expected members[${m}] to have a predict(dataset) method, got ${describeValue(member)}`);
    }
  });
  checkDataset(fn, dataset, { allowEmpty: true });
  const expected = dataset.count * dataset.numClasses;
  const out: Float32Array[] = [];
  for (const [m, member] of members.entries()) {
    const scores = await member.predict(dataset);
    if (!(scores instanceof Float32Array) || scores.length !== expected) {
      throw new MismatchError({
        functionName: fn,
        subject: `the output of member ${m}.predict`,
        expected: `a Float32Array of ${expected} values (${dataset.count} examples x ${dataset.numClasses} classes)`,
        found: describeValue(scores),
      });
    }
    out.push(scores);
  }
  return out;
}
