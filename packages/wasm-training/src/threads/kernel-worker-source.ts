/**
 * The source of a kernel worker, as a string, so the same code starts in Node (`new Worker(source, { eval: true })`)
 * and in browsers (a Web Worker on a `blob:` URL) with no file to locate or bundle.
 *
 * A worker instantiates the SIMD kernels module against the backend's SHARED `WebAssembly.Memory` (the module has
 * no data segments and no start function, so instantiating it again changes no memory), points its
 * `__stack_pointer` at its own stack (malloc'ed by the main thread), marks its control slot ready and then loops:
 * it sleeps in `Atomics.wait` on the slot's sequence word, runs the requested export with the arguments stored in
 * the slot (float64, so pointers, integers and float32 arguments all fit), stores the result and its status, and
 * publishes the sequence number in the `done` word (`Atomics.notify`). Entry −1 ends the loop (nothing is written: the slot is being freed).
 *
 * Slot layout (bytes, see kernel-pool.ts): int32 [0] seq, [1] done, [2] entry, [3] argc, [4] status (0 ok, 1 trap),
 * [5] ready; float64 at byte 24 the result, arguments from byte 32.
 */

/** The body shared by both environments: `start(init)` with `{ memory, module, slot, stackTop, entries, spin }`. */
const BODY = `
function start(init) {
  var instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  instance.exports.__stack_pointer.value = init.stackTop;
  var fns = init.entries.map(function (name) { return instance.exports[name]; });
  var i32 = new Int32Array(init.memory.buffer, init.slot, 8);
  var f64 = new Float64Array(init.memory.buffer, init.slot + 24, 26);
  var seen = Atomics.load(i32, 0);
  Atomics.store(i32, 5, 1);
  Atomics.notify(i32, 5);
  for (;;) {
    // Kernel calls of a training step come in bursts: spin briefly before sleeping, so a call that follows soon
    // finds the worker awake (a futex wake-up costs tens of microseconds).
    for (var spin = 0; spin < init.spin && Atomics.load(i32, 0) === seen; spin++);
    Atomics.wait(i32, 0, seen);
    var seq = Atomics.load(i32, 0);
    if (seq === seen) continue;
    seen = seq;
    var entry = i32[2];
    if (entry < 0) return; // the pool is ending: the slot may be freed, write nothing
    var argc = i32[3];
    var args = new Array(argc);
    for (var i = 0; i < argc; i++) args[i] = f64[1 + i];
    try {
      var result = fns[entry].apply(null, args);
      f64[0] = typeof result === 'number' ? result : 0;
      i32[4] = 0;
    } catch (error) {
      i32[4] = 1;
      console.error('digitkit kernel worker: ' + init.entries[entry] + ' failed', error);
    }
    Atomics.store(i32, 1, seq);
    Atomics.notify(i32, 1);
  }
}
`;

/** Worker source for Node's `worker_threads` (`eval: true`; the init object is `workerData`). */
export const NODE_KERNEL_WORKER_SOURCE = `${BODY}\nstart(require('node:worker_threads').workerData);\n`;

/** Worker source for browsers (a dedicated Web Worker; the init object arrives as the first message). */
export const BROWSER_KERNEL_WORKER_SOURCE = `${BODY}\nself.onmessage = function (event) { self.onmessage = null; start(event.data); };\n`;
