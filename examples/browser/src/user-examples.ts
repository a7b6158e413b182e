import type { UserExamples } from './worker-protocol.js';

/** One drawing the user added: its MNIST-normalized 28×28 bytes and the digit they said it is. */
export interface UserDrawing {
  pixels: Uint8Array;
  label: number;
}

/**
 * Splits the user's drawings for "teach it your handwriting": for every digit drawn at least twice, the last
 * drawing is held out (to measure before and after) and the earlier ones are learned from; a digit drawn once is
 * learned from only.
 */
export function splitUserExamples(drawings: readonly UserDrawing[]): { train: UserExamples; heldOut: UserExamples } {
  const lastIndex = new Map<number, number>();
  const counts = new Map<number, number>();
  drawings.forEach(({ label }, i) => {
    lastIndex.set(label, i);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  });
  const isHeldOut = (i: number) => (counts.get(drawings[i].label) ?? 0) >= 2 && lastIndex.get(drawings[i].label) === i;
  const pack = (chosen: UserDrawing[]): UserExamples => {
    const images = new Uint8Array(chosen.length * 784);
    chosen.forEach((drawing, i) => images.set(drawing.pixels, i * 784));
    return { images, labels: Uint8Array.from(chosen, (d) => d.label), count: chosen.length };
  };
  return {
    train: pack(drawings.filter((_, i) => !isHeldOut(i))),
    heldOut: pack(drawings.filter((_, i) => isHeldOut(i))),
  };
}
