import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createInterruptGuard, INTERRUPTED_EXIT_CODE } from './interrupt-guard.js';

function setup() {
  const emitter = new EventEmitter();
  const lines: string[] = [];
  const exits: number[] = [];
  const events: string[] = [];
  const guard = createInterruptGuard({
    err: (line) => {
      lines.push(line);
      events.push('line');
    },
    exit: (code) => {
      exits.push(code);
      events.push('exit');
    },
    emitter: emitter as unknown as NodeJS.Process,
  });
  return { guard, lines, exits, events, ctrlC: () => emitter.emit('SIGINT') };
}

/** A write that finishes when `finish()` is called. */
function slowWrite(events: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      events.push('write started');
      await done;
      events.push('write finished');
    },
    finish: () => finish(),
  };
}

describe('createInterruptGuard', () => {
  it('aborts the signal at the first Ctrl-C of an abort phase, prints nothing and does not exit', () => {
    const { guard, lines, exits, ctrlC } = setup();
    guard.setAction({ abort: true, line: () => 'stopped' });
    ctrlC();
    expect(guard.signal.aborted).toBe(true);
    expect(lines).toEqual([]);
    expect(exits).toEqual([]);
    guard.dispose();
  });

  it('a second Ctrl-C outside a write prints one line and exits 130', () => {
    const { guard, lines, exits, ctrlC } = setup();
    guard.setAction({ abort: true, line: () => 'stopped after epoch 1' });
    ctrlC();
    ctrlC();
    expect(lines).toEqual(['digitkit: stopped after epoch 1']);
    expect(exits).toEqual([INTERRUPTED_EXIT_CODE]);
    guard.dispose();
  });

  it('two Ctrl-C during a write: the write finishes first, then one line and exit 130', async () => {
    const { guard, lines, exits, events, ctrlC } = setup();
    guard.setAction({ abort: true, line: () => 'stopped' });
    const write = slowWrite(events);
    const pending = guard.protect(write.run);
    ctrlC();
    ctrlC();
    ctrlC();
    expect(exits).toEqual([]);
    write.finish();
    await pending;
    expect(events).toEqual(['write started', 'write finished', 'line', 'exit']);
    expect(lines).toHaveLength(1);
    expect(exits).toEqual([130]);
  });

  it('Ctrl-C in a non-abort phase (saving, evaluating) outside a write exits at once with that phase line', () => {
    const { guard, lines, exits, ctrlC } = setup();
    guard.setAction({ abort: false, line: () => 'interrupted while evaluating' });
    ctrlC();
    expect(guard.signal.aborted).toBe(false);
    expect(lines).toEqual(['digitkit: interrupted while evaluating']);
    expect(exits).toEqual([130]);
  });

  it('Ctrl-C during the model save lets the save finish, then prints the line of that phase', async () => {
    const { guard, lines, events, ctrlC } = setup();
    guard.setAction({ abort: false, line: () => 'interrupted while saving the model' });
    const write = slowWrite(events);
    const pending = guard.protect(write.run);
    ctrlC();
    write.finish();
    await pending;
    expect(events).toEqual(['write started', 'write finished', 'line', 'exit']);
    expect(lines).toEqual(['digitkit: interrupted while saving the model']);
  });

  it('nested writes: exits only after the outer one', async () => {
    const { guard, exits, events, ctrlC } = setup();
    const inner = slowWrite(events);
    const outer = guard.protect(async () => {
      await guard.protect(inner.run);
      events.push('outer finished');
    });
    ctrlC();
    inner.finish();
    await outer;
    expect(events).toEqual(['write started', 'write finished', 'outer finished', 'line', 'exit']);
    expect(exits).toEqual([130]);
  });

  it('dispose removes the handler', () => {
    const emitter = new EventEmitter();
    const guard = createInterruptGuard({ err: () => undefined, exit: () => undefined, emitter: emitter as unknown as NodeJS.Process });
    expect(emitter.listenerCount('SIGINT')).toBe(1);
    guard.dispose();
    expect(emitter.listenerCount('SIGINT')).toBe(0);
  });
});
