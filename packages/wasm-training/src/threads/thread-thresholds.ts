/**
 * When a kernel call is worth splitting across the kernel pool: waking a sleeping worker and waiting for it costs
 * tens of microseconds, so small calls stay on the calling thread. Measured with bench/thread-threshold.ts on the
 * 2-core build machine (see the README's Threads section). Internal; the tests lower them to 0 so the small test
 * grids take the threaded paths.
 */
export const threadThresholds = {
  /** Multiply-adds of a GEMM or convolution call (M·N·K) below which it runs on one thread. */
  minMultiplyAdds: 1 << 20,
  /** Elements of an element-wise call (gradients, Adam, row broadcasts, pooling gradients) below which it runs on one thread. */
  minElements: 1 << 16,
  /**
   * Elements read by a reduction (leading-axis Sum/Mean, the BatchNorm gradient's channel sums) below which it runs
   * on one thread. These calls are memory-bound and one thread takes ≈ 0.1–2 ms at the BN CNN's sizes, about the
   * fork-join cost on a loaded machine, so they split only from 2²² elements (bench/kernel-threads.bench.ts).
   */
  minReducedElements: 1 << 22,
};

/** Sets the thresholds (tests use 0 to split every call); returns the previous values. */
export function setThreadThresholds(values: Partial<typeof threadThresholds>): typeof threadThresholds {
  const previous = { ...threadThresholds };
  Object.assign(threadThresholds, values);
  return previous;
}
