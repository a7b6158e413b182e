/**
 * A store of one value in memory (the in-memory checkpoint stores of training and semi-supervised training):
 * values are deep-copied on save and on load, so later training does not change what was saved; `saves` counts
 * the writes.
 */
export function createMemoryStore<T>(): { load(): Promise<T | undefined>; save(value: T): Promise<void>; readonly saves: number } {
  let stored: T | undefined;
  let saves = 0;
  return {
    get saves() {
      return saves;
    },
    async load() {
      return stored === undefined ? undefined : structuredClone(stored);
    },
    async save(value) {
      stored = structuredClone(value);
      saves += 1;
    },
  };
}
