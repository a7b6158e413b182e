/**
 * Lets timers, I/O and signal handlers (Ctrl-C → `AbortController.abort()`) run between two training steps. In
 * Node `setImmediate` costs microseconds, so the trainer yields after every step; elsewhere `setTimeout(0)`
 * (clamped to ≥ 1–4 ms) is used at most every `MIN_INTERVAL_SECONDS`.
 */
export function createYielder(): () => Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') {
    return () => new Promise<void>((resolve) => void immediate(resolve));
  }
  let last = performance.now() / 1000;
  return async () => {
    const now = performance.now() / 1000;
    if (now - last < MIN_INTERVAL_SECONDS) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    last = performance.now() / 1000;
  };
}

/** Longest stretch of steps without a `setTimeout` yield where `setImmediate` is missing, in seconds. */
export const MIN_INTERVAL_SECONDS = 0.05;
