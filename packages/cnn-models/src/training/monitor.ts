/** Quantities that early stopping and LR-on-plateau can watch (keys of a history epoch). */
export type MonitorName = 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';

/** Whether a smaller or a larger monitored value is better; `'auto'` picks `'max'` for accuracies. */
export type MonitorMode = 'min' | 'max' | 'auto';

const MONITORS: readonly MonitorName[] = ['valLoss', 'valAccuracy', 'loss', 'accuracy'];

/** Validates a monitor name; throws a `TypeError` naming `functionName` and the allowed names. */
export function assertMonitor(functionName: string, monitor: unknown): asserts monitor is MonitorName {
  if (!MONITORS.includes(monitor as MonitorName)) {
    throw new TypeError(
      `${functionName}: expected monitor to be one of ${MONITORS.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(monitor)}`,
    );
  }
}

/** Resolves `'auto'` to `'max'` for accuracies and `'min'` otherwise; validates the mode. */
export function resolveMode(functionName: string, monitor: MonitorName, mode: MonitorMode | undefined): 'min' | 'max' {
  const value = mode ?? 'auto';
  if (value !== 'min' && value !== 'max' && value !== 'auto') {
    throw new TypeError(`${functionName}: expected mode 'min', 'max' or 'auto', got ${JSON.stringify(mode)}`);
  }
  if (value === 'auto') return monitor.toLowerCase().includes('accuracy') ? 'max' : 'min';
  return value;
}
