/** Quantities that early stopping and LR-on-plateau can watch (keys of a history epoch). */
export type MonitorName = 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';

/** Keras/tfjs spellings of the same quantities, accepted wherever a metric is named. */
export type MonitorAlias = 'val_loss' | 'val_acc' | 'val_accuracy' | 'acc';

/** Whether a smaller or a larger monitored value is better; `'auto'` picks `'max'` for accuracies. */
export type MonitorMode = 'min' | 'max' | 'auto';

const MONITORS: readonly MonitorName[] = ['valLoss', 'valAccuracy', 'loss', 'accuracy'];

const ALIASES: Readonly<Record<MonitorAlias, MonitorName>> = {
  val_loss: 'valLoss',
  val_acc: 'valAccuracy',
  val_accuracy: 'valAccuracy',
  acc: 'accuracy',
};

/**
 * Validates a monitor name and returns its canonical form: ours (`'valLoss'`, `'valAccuracy'`, `'loss'`,
 * `'accuracy'`) or Keras'/tfjs' (`'val_loss'`, `'val_acc'`, `'val_accuracy'`, `'acc'`). Throws a `TypeError`
 * naming `functionName` and the allowed names.
 */
export function resolveMonitor(functionName: string, monitor: unknown): MonitorName {
  if (MONITORS.includes(monitor as MonitorName)) return monitor as MonitorName;
  if (typeof monitor === 'string' && Object.prototype.hasOwnProperty.call(ALIASES, monitor)) {
    return ALIASES[monitor as MonitorAlias];
  }
  const names = [...MONITORS, ...Object.keys(ALIASES)];
  throw new TypeError(
    `${functionName}: expected monitor to be one of ${names.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(monitor)}`,
  );
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
