/**
 * CPU time of the process's main thread alone (Linux: `/proc/self/task/<pid>/stat`, utime + stime in clock ticks
 * of 10 ms), or NaN elsewhere. On a loaded machine the wall clock of a fork-join step measures the machine's other
 * jobs more than the code; the main thread's CPU time per step does not: on an idle machine a step takes about the
 * main thread's CPU time (the serial part, its own share of every split kernel, and its short polls while it waits),
 * so the ratio of single-thread to threaded main-thread CPU time estimates the 1→2 thread scaling of an idle machine.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux (getconf CLK_TCK)

/** Milliseconds of CPU the main thread has used so far, or NaN where /proc is unavailable. */
export function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}
