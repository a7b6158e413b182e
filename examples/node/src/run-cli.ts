import { Command, CommanderError } from 'commander';
import { dataCommand } from './commands/data.js';
import { parsePositiveInteger } from './lib/parse-options.js';
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
export function buildProgram(io: CliIo): Command {
  const program = new Command('digitkit')
    .description('Handwritten-digit recognition on TensorFlow.js: train, evaluate, predict and report on MNIST.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`digitkit: ${s.replace(/^error: /, '')}`),
    });

  program
    .command('data', { isDefault: true })
    .description('load the embedded MNIST and print a data set summary (counts, per-class counts, pixel mean/std)')
    .option('--limit <n>', 'use only the first n train and test images', parsePositiveInteger)
    .option('--data-dir <dir>', 'folder with the four MNIST-layout IDX files (default: embedded MNIST)')
    .action((options: { limit?: number; dataDir?: string }) => dataCommand(options, io.out));

  return program;
}

/** Runs the CLI on `argv` (without `node` and the script path); resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // commander already printed its one-line message (or the help text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') {
      return 0;
    }
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UserError) {
    io.err(`digitkit: ${oneLine(error.message)}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.err(`digitkit: unexpected error: ${oneLine(message)} (set DIGITKIT_DEBUG=1 for the stack trace)`);
  if (process.env.DIGITKIT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
