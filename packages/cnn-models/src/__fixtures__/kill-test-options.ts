/** Options shared by the kill-and-resume test and its child process. */
export const KILL_TEST_OPTIONS = { epochs: 3, batchSize: 32, seed: 21 } as const;
