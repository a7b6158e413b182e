import { loadMnist } from '@digitkit/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { corruptDataset } from './corrupt-dataset.js';
import { CORRUPTIONS, MAX_SEVERITY, describeCorruption } from './corruptions.js';

const { test } = await loadMnist({ limit: { train: 1, test: 100 } });
const subset = (count: number) => ({ ...test, images: test.images.slice(0, count * 784), labels: test.labels.slice(0, count), count });

/** Byte equality (vitest's deep equality is slow on large typed arrays). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const meanAbsoluteChange = (a: Uint8Array, b: Uint8Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
};

describe('corruptDataset', () => {
  it('offers at least 12 distinct corruptions, each with 5 described severities', () => {
    expect(CORRUPTIONS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(CORRUPTIONS).size).toBe(CORRUPTIONS.length);
    for (const name of CORRUPTIONS) {
      const info = describeCorruption(name);
      expect(info.name).toBe(name);
      expect(info.severities).toHaveLength(MAX_SEVERITY);
      expect(info.description.length).toBeGreaterThan(10);
    }
  });

  it('severity 0 returns an unchanged copy; labels are kept and never shared', () => {
    for (const corruption of CORRUPTIONS) {
      const out = corruptDataset(test, { corruption, severity: 0, seed: 3 });
      expect(same(out.images, test.images), corruption).toBe(true);
      expect(out.images === test.images).toBe(false);
      expect(same(out.labels, test.labels)).toBe(true);
      expect(out.labels === test.labels).toBe(false);
    }
  });

  it('every corruption changes more pixels as severity grows (mean absolute change strictly increasing over 0..5)', () => {
    for (const corruption of CORRUPTIONS) {
      const changes = [0, 1, 2, 3, 4, 5].map(
        (severity) => meanAbsoluteChange(corruptDataset(test, { corruption, severity, seed: 1 }).images, test.images),
      );
      for (let s = 1; s <= 5; s++) expect(changes[s], `${corruption} severity ${s}: ${changes.join(', ')}`).toBeGreaterThan(changes[s - 1]);
    }
  });

  it('is deterministic per seed, differs between seeds for the random corruptions, and is the same on a subset', () => {
    for (const corruption of CORRUPTIONS) {
      const a = corruptDataset(test, { corruption, severity: 3, seed: 5 });
      expect(same(corruptDataset(test, { corruption, severity: 3, seed: 5 }).images, a.images), corruption).toBe(true);
      expect(same(corruptDataset(subset(30), { corruption, severity: 3, seed: 5 }).images, a.images.subarray(0, 30 * 784)), corruption).toBe(true);
    }
    for (const corruption of ['gaussian-noise', 'shot-noise', 'impulse-noise', 'motion-blur', 'rotate', 'translate', 'elastic', 'stripe', 'block-occlusion'] as const) {
      const a = corruptDataset(test, { corruption, severity: 3, seed: 5 });
      expect(same(corruptDataset(test, { corruption, severity: 3, seed: 6 }).images, a.images), corruption).toBe(false);
    }
  });

  it('rejects unknown options, corruptions and severities with the option named', () => {
    expect(() => corruptDataset(test, { corruption: 'rotate', severity: 1, sed: 1 } as never)).toThrow(/unknown option options\.sed \(did you mean seed\?\)/);
    expect(() => corruptDataset(test, { corruption: 'rotation' as never, severity: 1 })).toThrow(TypeError);
    expect(() => corruptDataset(test, { corruption: 'rotate', severity: 6 })).toThrow(RangeError);
    expect(() => corruptDataset(test, { corruption: 'rotate', severity: 1.5 })).toThrow(/options\.severity/);
    expect(() => corruptDataset(test, undefined as never)).toThrow(TypeError);
    expect(() => describeCorruption('fog' as never)).toThrow(/expected name to be one of 'gaussian-noise'/);
  });
});
