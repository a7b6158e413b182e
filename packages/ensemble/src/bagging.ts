import { subsetDataset, type DigitDataset } from '@digitkit/mnist-data';
import { bootstrapIndices, outOfBagIndices } from './bootstrap';

/** What bagging needs of a trained member: class probabilities `[N, numClasses]` (flat) for a data set. */
export interface EnsembleMember {
  predict(dataset: DigitDataset): Float32Array | Promise<Float32Array>;
}

/** Options of {@link trainBaggingEnsemble}. */
export interface BaggingOptions<M extends EnsembleMember> {
  /** Number of members (bootstrap samples); ≥ 1. */
  members: number;
  /** Seed; member `m` draws its bootstrap sample with seed `seed + m`. */
  seed: number;
  /** Fraction of the data set each bootstrap sample draws (with replacement); default 1. */
  sampleFraction?: number;
  /** Trains one member on its bootstrap sample (any model, any backend). */
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

/**
 * Bagging (Breiman 1996): trains `members` models, each on a bootstrap sample of `dataset` drawn with
 * replacement, one after another (memory stays at one model's training). Combine their predictions with
 * {@link softVote} or {@link hardVote}.
 */
export async function trainBaggingEnsemble<M extends EnsembleMember>(
  dataset: DigitDataset,
  options: BaggingOptions<M>,
): Promise<BaggingEnsemble<M>> {
  const { members, seed, train } = options ?? ({} as BaggingOptions<M>);
  const sampleFraction = options?.sampleFraction ?? 1;
  if (!Number.isInteger(members) || members < 1) {
    throw new RangeError(`trainBaggingEnsemble: expected members to be a positive integer, got ${members}`);
  }
  if (!(sampleFraction > 0 && sampleFraction <= 1)) {
    throw new RangeError(`trainBaggingEnsemble: expected sampleFraction in (0, 1], got ${sampleFraction}`);
  }
  if (typeof train !== 'function') throw new TypeError('trainBaggingEnsemble: expected options.train to be a function');
  if (!dataset || !(dataset.count >= 1)) {
    throw new RangeError(`trainBaggingEnsemble: expected a data set with at least one example, got count ${dataset?.count}`);
  }
  const size = Math.max(1, Math.round(dataset.count * sampleFraction));
  const result: BaggingEnsemble<M> = { members: [], samples: [], outOfBag: [] };
  for (let member = 0; member < members; member++) {
    const indices = bootstrapIndices(dataset.count, { seed: seed + member, size });
    result.members.push(await train(subsetDataset(dataset, indices), { member, indices }));
    result.samples.push(indices);
    result.outOfBag.push(outOfBagIndices(dataset.count, indices));
  }
  return result;
}

/** Every member's class probabilities for `dataset`, in member order (inputs to the voting functions). */
export async function predictMembers(members: readonly EnsembleMember[], dataset: DigitDataset): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const member of members) out.push(await member.predict(dataset));
  return out;
}
