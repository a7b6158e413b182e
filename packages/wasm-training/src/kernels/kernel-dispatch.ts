/**
 * A debug record of which implementation each kernel call ran: the fast native path (and which branch of the C
 * entry point), the stock kernel and why, or the loop form. Internal — not exported from the package index; the
 * dispatch-coverage test reads it to prove that every fast path and every fallback is reached by some test, so a
 * guard that silently began rejecting every input, or a module that failed to load, cannot hide behind results
 * that still match the cpu backend.
 */

const counts = new Map<string, number>();

/** Records one call of `kernelName` that took `path`. */
export type DispatchRecorder<Path extends string> = (path: Path) => void;

/**
 * Declares every path `kernelName` can take (each shows in {@link kernelDispatchCounts}, with 0 until it runs)
 * and returns the function that records them. A path not declared here cannot be recorded (type error).
 */
export function declareDispatchPaths<const Path extends string>(
  kernelName: string,
  paths: readonly Path[],
): DispatchRecorder<Path> {
  const keys = new Map<string, string>();
  for (const path of paths) {
    const key = `${kernelName}/${path}`;
    keys.set(path, key);
    if (!counts.has(key)) counts.set(key, 0);
  }
  // One Map update per kernel call (the keys are built once).
  return (path) => {
    const key = keys.get(path) ?? `${kernelName}/${path}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
}

/** Every declared `<kernel>/<path>` with the number of calls that took it since the last reset. */
export function kernelDispatchCounts(): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Sets every count back to 0 (the declared paths stay). */
export function resetKernelDispatchCounts(): void {
  for (const key of counts.keys()) counts.set(key, 0);
}
