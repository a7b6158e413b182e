import { describe, expect, it } from 'vitest';
import { splitUserExamples, type UserDrawing } from './user-examples.js';

const drawing = (label: number, fill: number): UserDrawing => ({ pixels: new Uint8Array(784).fill(fill), label });

describe('splitUserExamples', () => {
  it('holds out the last drawing of every digit drawn at least twice, keeps the rest in order', () => {
    const drawings = [drawing(3, 1), drawing(7, 2), drawing(3, 3), drawing(3, 4), drawing(5, 5), drawing(7, 6)];
    const { train, heldOut } = splitUserExamples(drawings);
    expect(Array.from(train.labels)).toEqual([3, 7, 3, 5]);
    expect([0, 1, 2, 3].map((i) => train.images[i * 784])).toEqual([1, 2, 3, 5]);
    expect(Array.from(heldOut.labels)).toEqual([3, 7]);
    expect([0, 1].map((i) => heldOut.images[i * 784])).toEqual([4, 6]);
    expect(train.images.length).toBe(4 * 784);
    expect(heldOut.count).toBe(2);
  });

  it('holds nothing out when no digit was drawn twice', () => {
    const { train, heldOut } = splitUserExamples([drawing(1, 1), drawing(2, 2)]);
    expect(train.count).toBe(2);
    expect(heldOut.count).toBe(0);
    expect(splitUserExamples([]).train.count).toBe(0);
  });
});
