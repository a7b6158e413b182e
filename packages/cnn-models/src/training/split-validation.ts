import { createRng, deriveSeed, shuffleInPlace } from '@digitkit/core';
import { subsetSource, type ExampleSource } from './example-source.js';

/**
 * Holds out `round(fraction · N)` examples of `source` as validation data, chosen at random from
 * `deriveSeed(seed, 3)` (so a resumed run holds out the same ones); both parts keep the original order.
 */
export function splitValidation(source: ExampleSource, fraction: number, seed: number): { train: ExampleSource; validation: ExampleSource } {
  const order = new Uint32Array(source.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  shuffleInPlace(order, createRng(deriveSeed(seed, 3)));
  const held = Math.round(fraction * source.count);
  const validation = order.slice(0, held).sort();
  const train = order.slice(held).sort();
  return { train: subsetSource(source, train), validation: subsetSource(source, validation) };
}
