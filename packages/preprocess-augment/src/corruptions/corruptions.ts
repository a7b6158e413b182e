import { checkOneOf } from '@digitkit/core';
import { CORRUPTION_SPECS, type CorruptionFamily, type CorruptionName, type CorruptionSpec } from './corruption-registry.js';

/**
 * The names of every corruption of {@link corruptDataset}, in report order (noise, blur, geometry, intensity,
 * occlusion, stroke thickness) — 17 corruptions in the spirit of MNIST-C (Mu & Gilmer, 2019) and ImageNet-C.
 */
export const CORRUPTIONS: readonly CorruptionName[] = Object.freeze(CORRUPTION_SPECS.map((spec) => spec.name));

/** Highest severity; severity 0 is the clean image. */
export const MAX_SEVERITY = 5;

/** What {@link describeCorruption} returns. */
export interface CorruptionInfo {
  name: CorruptionName;
  family: CorruptionFamily;
  /** One sentence: what the corruption does and what is drawn at random per image. */
  description: string;
  /** The parameter of severities 1..5 in words (index 0 = severity 1), e.g. `'sigma 0.08'`, `'±30°'`. */
  severities: readonly string[];
}

/** @internal The spec of a checked corruption name. */
export function corruptionSpec(functionName: string, name: unknown, argumentName = 'corruption'): CorruptionSpec {
  const checked = checkOneOf(functionName, argumentName, name, CORRUPTIONS);
  return CORRUPTION_SPECS[CORRUPTIONS.indexOf(checked)];
}

/**
 * Describes one corruption for reports: family, what it does, its parameter at each severity.
 *
 * @throws TypeError for an unknown name (the message lists the known ones).
 */
export function describeCorruption(name: CorruptionName): CorruptionInfo {
  const spec = corruptionSpec('describeCorruption', name, 'name');
  return { name: spec.name, family: spec.family, description: spec.description, severities: [...spec.severityLabels] };
}
