import { Command } from 'commander';
import { addCompareOptions, resolveCompareRequest, type CompareFlags } from './commands/compare-options.js';
import { addTrainOptions, resolveTrainRequest, type TrainFlags } from './commands/train-options.js';
import { backendOption, threadsOption, type BackendName } from './lib/backend.js';
import { parseNonNegativeInteger, parsePositiveInteger, parsePositiveIntegerList } from './lib/parse-options.js';
import { cliErrorLine } from './lib/cli-error-line.js';
import { UserError } from './lib/user-error.js';

/** Where the CLI writes; tests pass their own sinks. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Builds the commander program; every command's action is wired to `io`. */
export function buildProgram(io: CliIo, argv: string[] = []): Command {
  const commandLine = ['digitkit', ...argv].join(' ');
  const program = new Command('digitkit')
    .description('Handwritten-digit recognition on TensorFlow.js: train, evaluate, predict and report on MNIST.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`digitkit: ${s.replace(/^error: /, '')}`),
    });

  addTrainOptions(
    program
      .command('train', { isDefault: true })
      .description(
        'train a model, evaluate it on the 10,000 test images and write runs/<name>/ (model, metrics.json, report.html); ' +
          'the default command: with no flags it runs the main job (the BatchNorm CNN on wasm)',
      ),
  ).action(async (flags: TrainFlags, command: Command) => {
    const given = (flag: string) => command.getOptionValueSource(flag) === 'cli';
    const request = resolveTrainRequest(flags, given, commandLine);
    const { trainCommand } = await import('./commands/train.js');
    await trainCommand(request, io);
  });

  addCompareOptions(
    program
      .command('compare')
      .description(
        "the second paper's experiment: k-NN, RBF SVM, logistic regression and the CNNs on one seeded split, soft/hard-vote and " +
          'stacking ensembles of the CNNs, McNemar\'s test and error overlap; writes runs/compare-<date>-<time>/report.html',
      ),
  ).action(async (flags: CompareFlags, command: Command) => {
    const given = (flag: string) => command.getOptionValueSource(flag) === 'cli';
    const request = resolveCompareRequest(flags, given, commandLine);
    const { compareCommand } = await import('./commands/compare.js');
    await compareCommand(request, io);
  });

  program
    .command('evaluate')
    .description("predict the run's test images again, print the metrics and rewrite metrics.json and report.html")
    .argument('<run>', 'run folder, e.g. runs/main-20261122-001500')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (run: string, options: { backend: BackendName; threads?: number }) => {
      const { evaluateCommand } = await import('./commands/evaluate.js');
      await evaluateCommand(run, { backend: options.backend, threads: options.threads, command: commandLine }, io);
    });

  program
    .command('predict')
    .description('classify PNG images of single digits (any size, dark-on-light or light-on-dark) and print the top 3')
    .argument('<run>', 'run folder with a trained model')
    .argument('<images...>', 'PNG files')
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print the predictions as JSON')
    .action(async (run: string, images: string[], options: { backend: BackendName; threads?: number; json?: boolean }) => {
      const { predictCommand } = await import('./commands/predict.js');
      await predictCommand(run, images, options, io.out);
    });

  program
    .command('report')
    .description("rebuild a run's report.html from its metrics.json and stored test predictions")
    .argument('<run>', 'run folder')
    .action(async (run: string) => {
      const { reportCommand } = await import('./commands/report.js');
      await reportCommand(run, io.out);
    });

  program
    .command('eda')
    .description("the second paper's data study: class distribution before/after over-sampling, pixel statistics, correlation heatmap, augmentation")
    .option('--out <dir>', 'output folder', 'runs/eda')
    .option('--seed <n>', 'seed of the samples, over-sampling and augmentation', parseNonNegativeInteger, 42)
    .option('--limit <n>', 'use only the first n training images', parsePositiveInteger)
    .action(async (options: { out: string; seed: number; limit?: number }) => {
      const { edaCommand } = await import('./commands/eda.js');
      await edaCommand(options, io.out);
    });

  program
    .command('data')
    .description('load the embedded MNIST and print a data set summary (counts, per-class counts, pixel mean/std)')
    .option('--limit <n>', 'use only the first n train and test images', parsePositiveInteger)
    .option('--data-dir <dir>', 'folder with the four MNIST-layout IDX files (default: embedded MNIST)')
    .action(async (options: { limit?: number; dataDir?: string }) => {
      const { dataCommand } = await import('./commands/data.js');
      await dataCommand(options, io.out);
    });

  program
    .command('robustness')
    .description('accuracy of a run under 17 MNIST-C-style corruptions at severities 1-5; writes <run>/robustness.json and robustness.html')
    .argument('<run>', 'run folder with a trained model')
    .option('--compare <runs...>', 'more run folders to evaluate side by side (e.g. trained with and without --augment)')
    .option('--test-limit <n>', 'use only the first n test images (quick runs)', parsePositiveInteger)
    .option('--seed <n>', 'seed of the corruptions', parseNonNegativeInteger, 0)
    .option('--corruptions <names>', 'comma-separated subset of the corruptions (default: all)', (value: string) => value.split(',').filter(Boolean))
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (run: string, options: { compare?: string[]; testLimit?: number; seed: number; corruptions?: string[]; backend: BackendName; threads?: number }) => {
      const { robustnessCommand } = await import('./commands/robustness.js');
      await robustnessCommand(run, { ...options, compare: options.compare ?? [], command: commandLine }, io);
    });

  program
    .command('transfer')
    .description('transfer learning: a base learns digits 0-4, then 5-9 from N images per class (frozen, fine-tuned, scratch); writes transfer.json and transfer.html')
    .option('--base <run>', 'use the model of this run as the base instead of training one on digits 0-4')
    .option('--model <name>', 'architecture of the base and of the from-scratch networks', 'paper-cnn')
    .option('--per-class <list>', 'comma-separated N (labelled images per class of 5-9)', parsePositiveIntegerList, [1, 5, 10, 50, 100, 500])
    .option('--seeds <n>', 'repetitions per N (different sample and initialization)', parsePositiveInteger, 3)
    .option('--steps <n>', 'Adam steps per variant (epochs follow from N)', parsePositiveInteger, 150)
    .option('--base-epochs <n>', 'epochs of the base on digits 0-4', parsePositiveInteger, 3)
    .option('--limit <n>', 'use only the first n training images (quick runs)', parsePositiveInteger)
    .option('--test-limit <n>', 'use only the first n test images (quick runs)', parsePositiveInteger)
    .option('--seed <n>', 'first seed', parseNonNegativeInteger, 0)
    .option('--out <dir>', 'output folder (default: runs/transfer-<date>-<time>)')
    .addOption(backendOption())
    .addOption(threadsOption())
    .action(async (options: Omit<import('./commands/transfer.js').TransferRequest, 'command'> & { model: string }) => {
      const { transferCommand, TRANSFER_MODEL_NAMES } = await import('./commands/transfer.js');
      if (!TRANSFER_MODEL_NAMES.includes(options.model as never)) {
        throw new UserError(`unknown --model ${options.model}; known: ${TRANSFER_MODEL_NAMES.join(', ')}`, { exitCode: 2 });
      }
      await transferCommand({ ...options, model: options.model as never, command: commandLine }, io);
    });

  return program;
}

/** Runs the CLI on `argv` (without `node` and the script path); resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const program = buildProgram(io, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  const report = cliErrorLine(error);
  if (report.line !== undefined) io.err(`digitkit: ${report.line}`);
  if (report.unexpected && process.env.DIGITKIT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return report.exitCode;
}
