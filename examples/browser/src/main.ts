/**
 * digitkit browser example, the page's thread: drawing, the form, the status and the figures. tfjs, MNIST and the
 * model live in a worker (train-worker.ts), so drawing and clicking stay answered while a model trains.
 */
import { rgbaToGray, toMnistDigit } from '@digitkit/preprocess-augment';
import { createDrawingPad } from './drawing-pad.js';
import { formatDuration, formatPercent } from './format-duration.js';
import { createThrottledAnnouncer } from './throttled-announcer.js';
import {
  DEFAULT_SETTINGS,
  MODEL_CHOICES,
  readTrainingSettings,
  type SettingsProblem,
  type TrainingSettings,
} from './training-settings.js';
import { splitUserExamples, type UserDrawing } from './user-examples.js';
import type { FromWorker, ModelSummary, ToWorker, TopClass } from './worker-protocol.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const hint = $('hint');
const status = $('status');
const progress = $<HTMLProgressElement>('progress');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const downloadButton = $<HTMLButtonElement>('download');
const uploadInput = $<HTMLInputElement>('upload');
const predictions = $('predictions');
const answer = $('answer');
const preview = $<HTMLCanvasElement>('preview');
const modelInfo = $('model-info');
const liveCurve = $('live-curve');
const figures = $('figures');
const fields = {
  model: $<HTMLSelectElement>('model'),
  trainSize: $<HTMLInputElement>('train-size'),
  epochs: $<HTMLInputElement>('epochs'),
  seed: $<HTMLInputElement>('seed'),
};
const announcer = createThrottledAnnouncer($('announcer'), 1000);
const teach = {
  label: $<HTMLSelectElement>('teach-label'),
  add: $<HTMLButtonElement>('teach-add'),
  run: $<HTMLButtonElement>('teach-run'),
  reset: $<HTMLButtonElement>('teach-reset'),
  count: $('teach-count'),
  result: $('teach-result'),
};

/** State the page exposes (read by the end-to-end test and handy in the console). */
interface AppState {
  phase: 'loading' | 'ready' | 'training' | 'trained' | 'stopped' | 'error';
  backend?: string;
  threads?: number;
  crossOriginIsolated?: boolean;
  model?: ModelSummary;
  testAccuracy?: number;
  lastBatchAccuracy?: number;
  stoppedAfterBatches?: number;
  imagesPerSecond?: number;
  secondsLeft?: number;
  seconds?: number;
  saved?: boolean;
  lastPrediction?: TopClass[];
  /** Which model gave the last prediction: 'shipped' (the ready-made recognizer) or a model name. */
  lastPredictionModel?: string;
  /** The ready-made recognizer answering until a model is trained or loaded. */
  shipped?: { architecture: string; testAccuracy: number };
  /** The last "teach it your handwriting" outcome. */
  fineTune?: import('./worker-protocol.js').FineTuneResult;
  error?: string;
}
const state: AppState = { phase: 'loading' };

// The worker's name carries the page's query string (it reads `threads`).
const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: location.search });
const send = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
let lastAnnouncedTenth = -1;
const pendingPredictions = new Map<number, (top: TopClass[] | undefined) => void>();
let nextPredictionId = 0;

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onWorkerMessage(event.data));
worker.addEventListener('error', (event) => fail(`the worker failed: ${event.message || 'unknown error'}`));

function onWorkerMessage(message: FromWorker): void {
  switch (message.type) {
    case 'ready': {
      Object.assign(state, {
        phase: 'ready',
        backend: message.backend,
        threads: message.threads,
        crossOriginIsolated: message.crossOriginIsolated,
        shipped: message.shipped,
      });
      status.textContent =
        `MNIST loaded: ${message.trainCount} train / ${message.testCount} test images. ` +
        `Backend: ${message.backend}${message.simd ? ' (SIMD)' : ''}, ${message.threads} thread${message.threads === 1 ? '' : 's'}` +
        `${message.crossOriginIsolated ? ' (cross-origin isolated: threaded build available)' : ''}.`;
      if (message.model) useModel(message.model);
      else showNoModel();
      trainButton.disabled = false;
      return;
    }
    case 'progress': {
      state.imagesPerSecond = message.imagesPerSecond;
      state.secondsLeft = message.secondsLeft;
      progress.value = message.step / message.totalSteps;
      const text =
        `Epoch ${message.epoch} of ${message.epochs}, batch ${message.batch} of ${message.batches}: ` +
        `batch accuracy ${formatPercent(message.accuracy)}, ${Math.round(message.imagesPerSecond)} images/s, ` +
        `about ${formatDuration(message.secondsLeft)} left.`;
      status.textContent = text;
      // The status line changes every batch; the live region speaks only at every tenth of the run.
      const tenth = Math.floor((10 * message.step) / message.totalSteps);
      if (tenth !== lastAnnouncedTenth) {
        lastAnnouncedTenth = tenth;
        announcer.announce(`${tenth * 10} % done. ${text}`);
      }
      if (message.curve) liveCurve.innerHTML = message.curve;
      return;
    }
    case 'phase':
      status.textContent = message.text;
      announcer.announce(message.text);
      return;
    case 'done': {
      const { model } = message;
      Object.assign(state, {
        phase: model.stoppedAfterBatches === undefined ? 'trained' : 'stopped',
        testAccuracy: model.testAccuracy,
        lastBatchAccuracy: message.lastBatchAccuracy,
        stoppedAfterBatches: model.stoppedAfterBatches,
        seconds: message.seconds,
        imagesPerSecond: message.imagesPerSecond,
        saved: message.saved,
      });
      const kept = message.saved ? 'It is kept in this browser.' : 'It could not be kept in this browser (storage refused).';
      const text =
        model.stoppedAfterBatches === undefined
          ? `Trained the ${labelOf(model.name)} for ${plural(model.settings?.epochs ?? 0, 'epoch')} in ${formatDuration(message.seconds)} ` +
            `(${Math.round(message.imagesPerSecond)} images/s): test accuracy ${formatPercent(model.testAccuracy)} on the ` +
            `10,000 MNIST test images (last training batches: ${formatPercent(message.lastBatchAccuracy)}). ${kept} Draw a digit!`
          : `Stopped after ${model.stoppedAfterBatches} batches. The partial model is in use: test accuracy ` +
            `${formatPercent(model.testAccuracy)} on the 10,000 MNIST test images. ${kept}`;
      status.textContent = text;
      announcer.announce(text, { now: true });
      progress.value = model.stoppedAfterBatches === undefined ? 1 : progress.value;
      liveCurve.replaceChildren();
      figures.innerHTML = [message.figures.curves, message.figures.confusionMatrix, message.figures.misclassified]
        .filter(Boolean)
        .join('\n');
      useModel(model);
      endRun();
      void predictDrawing();
      return;
    }
    case 'prediction':
      state.lastPredictionModel = message.model;
      pendingPredictions.get(message.id)?.(message.top);
      pendingPredictions.delete(message.id);
      return;
    case 'exported': {
      download('model.json', new Blob([message.model.modelJson], { type: 'application/json' }));
      download('model.weights.bin', new Blob([message.model.weights], { type: 'application/octet-stream' }));
      return;
    }
    case 'imported':
      useModel(message.model);
      status.textContent = `Uploaded model loaded: test accuracy ${formatPercent(message.model.testAccuracy)} on the 10,000 MNIST test images.`;
      announcer.announce(status.textContent, { now: true });
      void predictDrawing();
      return;
    case 'fineTuned': {
      const { result } = message;
      state.fineTune = result;
      const text =
        `Your held-out drawings: ${result.heldOutRightBefore} of ${result.heldOutCount} right before, ` +
        `${result.heldOutRightAfter} of ${result.heldOutCount} after learning from ${plural(result.trainCount, 'drawing')}. ` +
        `MNIST test accuracy ${formatPercent(result.testAccuracyBefore)} before, ${formatPercent(result.testAccuracyAfter)} after ` +
        `(${formatDuration(result.seconds)}). The fine-tuned model is now in use and kept.`;
      teach.result.textContent = text;
      status.textContent = text;
      announcer.announce(text, { now: true });
      useModel(message.model);
      endRun();
      state.phase = 'trained';
      return;
    }
    case 'error':
      if (message.during === 'fineTune') endRun();
      if (message.during === 'start') return fail(`could not start: ${message.message}`);
      if (message.during === 'train') endRun();
      status.textContent = `${message.during === 'train' ? 'Training failed' : `Could not ${message.during}`}: ${message.message}`;
      announcer.announce(status.textContent, { now: true });
      if (message.during === 'train') state.phase = 'error';
      state.error = message.message;
      return;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function labelOf(name: string): string {
  const label = MODEL_CHOICES.find((choice) => choice.name === name)?.label ?? name;
  return label.replace(/ \(.*\)$/, '');
}

function showNoModel(): void {
  if (state.shipped) {
    const accuracy = formatPercent(state.shipped.testAccuracy);
    hint.textContent =
      `Draw a digit in the box: a ready-made recognizer reads it (a ${state.shipped.architecture} shipped with ` +
      `@digitkit/recognizer, ${accuracy} on the MNIST test set). Then train your own below (a few minutes with the defaults).`;
    modelInfo.textContent = `No model of your own yet; the ready-made recognizer (${accuracy} on MNIST test) answers.`;
    return;
  }
  hint.textContent =
    'No model yet. Press Train below to train one here in your browser (a few minutes with the defaults), then draw a digit in the box.';
}

function useModel(model: ModelSummary): void {
  state.model = model;
  state.testAccuracy = model.testAccuracy;
  downloadButton.disabled = false;
  const when = model.trainedAt ? ` (${new Date(model.trainedAt).toLocaleString()})` : '';
  const origin = { trained: 'just trained', indexeddb: 'kept from your last visit', upload: 'uploaded' }[model.source];
  const partial = model.stoppedAfterBatches === undefined ? '' : ` (stopped after ${model.stoppedAfterBatches} batches)`;
  const tuned = model.fineTunedOn ? `, fine-tuned on ${model.fineTunedOn} of your drawing${model.fineTunedOn === 1 ? '' : 's'}` : '';
  modelInfo.textContent = `${labelOf(model.name)}${partial}${tuned}, ${origin}${when}: test accuracy ${formatPercent(model.testAccuracy)}.`;
  hint.textContent = 'Draw a digit in the box: the model guesses when you lift the pen. Clear starts over.';
  updateTeachCount();
}

function fail(text: string): void {
  state.phase = 'error';
  state.error = text;
  status.textContent = `The page ${text}`;
  hint.textContent = 'Something went wrong; see the status below. Reloading the page may help.';
}

// --- The form -------------------------------------------------------------------------------------------------

for (const choice of MODEL_CHOICES) fields.model.add(new Option(choice.label, choice.name));
const params = new URLSearchParams(location.search);
const initial: Record<keyof TrainingSettings, string> = {
  model: params.get('model') ?? DEFAULT_SETTINGS.model,
  trainSize: params.get('trainSize') ?? String(DEFAULT_SETTINGS.trainSize),
  epochs: params.get('epochs') ?? String(DEFAULT_SETTINGS.epochs),
  seed: params.get('seed') ?? String(DEFAULT_SETTINGS.seed),
};
for (const key of Object.keys(fields) as (keyof TrainingSettings)[]) fields[key].value = initial[key];

function showProblems(problems: SettingsProblem[]): void {
  for (const key of ['trainSize', 'epochs', 'seed'] as const) {
    const problem = problems.find((p) => p.field === key);
    fields[key].setAttribute('aria-invalid', String(Boolean(problem)));
    $(`${key === 'trainSize' ? 'train-size' : key}-problem`).textContent = problem?.message ?? '';
  }
}

function readForm() {
  return readTrainingSettings({
    model: fields.model.value,
    trainSize: fields.trainSize.value,
    epochs: fields.epochs.value,
    seed: fields.seed.value,
  });
}

for (const input of [fields.trainSize, fields.epochs, fields.seed]) {
  input.addEventListener('input', () => showProblems(readForm().problems));
}

function setFormDisabled(disabled: boolean): void {
  for (const element of Object.values(fields)) element.disabled = disabled;
  uploadInput.disabled = disabled;
  teach.add.disabled = disabled;
  teach.reset.disabled = disabled;
  updateTeachCount(disabled);
}

function startTraining(): void {
  const { settings, problems } = readForm();
  showProblems(problems);
  if (!settings) {
    status.textContent = `Not started: ${problems.map((p) => p.message).join(' ')}`;
    announcer.announce(status.textContent, { now: true });
    fields[problems[0].field].focus();
    return;
  }
  Object.assign(state, { phase: 'training', testAccuracy: undefined, stoppedAfterBatches: undefined, error: undefined });
  setFormDisabled(true);
  stopButton.disabled = false;
  stopButton.focus(); // Train is about to be disabled: keep the focus on the control that matters now
  trainButton.disabled = true;
  progress.value = 0;
  lastAnnouncedTenth = 0;
  figures.replaceChildren();
  status.textContent = `Training the ${labelOf(settings.model)} on ${settings.trainSize.toLocaleString('en-US')} images…`;
  announcer.announce(status.textContent, { now: true });
  send({ type: 'train', settings });
}

function endRun(): void {
  const hadFocus = document.activeElement === stopButton;
  setFormDisabled(false);
  trainButton.disabled = false;
  if (hadFocus) trainButton.focus();
  stopButton.disabled = true;
}

// --- Drawing and prediction ----------------------------------------------------------------------------------

/** Shows the 28×28 image of the drawing and asks the worker's model for its top 3 (resolves when shown). */
async function predictDrawing(): Promise<void> {
  const image = pad.read();
  let digit;
  try {
    digit = toMnistDigit(rgbaToGray(image.data, image.width, image.height));
  } catch {
    clearPrediction();
    return; // nothing drawn yet
  }
  const context = preview.getContext('2d')!;
  const previewImage = context.createImageData(28, 28);
  digit.pixels.forEach((v, i) => previewImage.data.set([v, v, v, 255], i * 4));
  context.putImageData(previewImage, 0, 0);
  const id = nextPredictionId++;
  const top = await new Promise<TopClass[] | undefined>((resolve) => {
    pendingPredictions.set(id, resolve);
    send({ type: 'predict', id, pixels: digit.pixels });
  });
  if (id !== nextPredictionId - 1) return; // a newer drawing is on its way
  state.lastPrediction = top;
  if (!top) {
    answer.textContent = '';
    predictions.replaceChildren();
    hint.textContent = 'No model yet to read your digit: press Train below first.';
    return;
  }
  answer.textContent = String(top[0].label);
  predictions.replaceChildren(
    ...top.map(({ label, probability }) => {
      const item = document.createElement('li');
      item.textContent = `${label} — ${(100 * probability).toFixed(1)}\u00a0%`;
      return item;
    }),
  );
  announcer.announce(`Looks like a ${top[0].label} (${(100 * top[0].probability).toFixed(0)} %).`);
}

function clearPrediction(): void {
  state.lastPrediction = undefined;
  answer.textContent = '';
  predictions.replaceChildren();
  preview.getContext('2d')!.clearRect(0, 0, 28, 28);
}

function download(name: string, blob: Blob): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function upload(files: FileList | null): Promise<void> {
  const list = Array.from(files ?? []);
  const json = list.find((file) => file.name.endsWith('.json'));
  const bins = list.filter((file) => file.name.endsWith('.bin'));
  if (!json || bins.length !== 1) {
    status.textContent = 'Upload needs two files chosen together: the model.json and its one .bin weights file.';
    announcer.announce(status.textContent, { now: true });
    return;
  }
  status.textContent = 'Loading the uploaded model…';
  const weights = await bins[0].arrayBuffer();
  send({ type: 'import', modelJson: await json.text(), weights }, [weights]);
}

// --- Teach it your handwriting -----------------------------------------------------------------------------

const drawings: UserDrawing[] = [];
for (let digit = 0; digit <= 9; digit++) teach.label.add(new Option(String(digit), String(digit)));

function updateTeachCount(busy = state.phase === 'training'): void {
  const { train, heldOut } = splitUserExamples(drawings);
  const perDigit = Array.from({ length: 10 }, (_, d) => drawings.filter((x) => x.label === d).length);
  teach.count.textContent =
    drawings.length === 0
      ? 'No drawings yet.'
      : `${plural(drawings.length, 'drawing')} (per digit 0–9: ${perDigit.join(', ')}): ${train.count} to learn from, ` +
        `${heldOut.count} held out.${state.model ? '' : ' Train or load a model of your own first: that is the one that learns.'}`;
  teach.run.disabled = busy || train.count === 0 || heldOut.count === 0 || !state.model;
}

function addDrawing(): void {
  const image = pad.read();
  let pixels: Uint8Array;
  try {
    pixels = toMnistDigit(rgbaToGray(image.data, image.width, image.height)).pixels;
  } catch {
    teach.result.textContent = 'Draw a digit in the box first.';
    return;
  }
  const label = Number(teach.label.value);
  drawings.push({ pixels, label });
  pad.clear();
  clearPrediction();
  teach.label.value = String((label + 1) % 10); // the next digit, so a person can go 0, 1, 2, … in turn
  teach.result.textContent = '';
  updateTeachCount();
}

function startFineTune(): void {
  const { train, heldOut } = splitUserExamples(drawings);
  const seed = Number(fields.seed.value);
  state.phase = 'training';
  setFormDisabled(true);
  trainButton.disabled = true;
  teach.result.focus(); // the button is about to be disabled; the result will appear here
  teach.run.disabled = true;
  status.textContent = `Fine-tuning on ${plural(train.count, 'drawing')}…`;
  send({ type: 'fineTune', train, heldOut, seed: Number.isInteger(seed) ? seed : 1 });
}

teach.add.addEventListener('click', addDrawing);
teach.run.addEventListener('click', startFineTune);
teach.reset.addEventListener('click', () => {
  drawings.length = 0;
  teach.result.textContent = '';
  updateTeachCount();
});

const pad = createDrawingPad($<HTMLCanvasElement>('pad'), { onStroke: () => void predictDrawing() });
$('clear').addEventListener('click', () => {
  pad.clear();
  clearPrediction();
});
trainButton.addEventListener('click', startTraining);
stopButton.addEventListener('click', () => {
  send({ type: 'stop' });
  status.textContent = 'Stopping after the current batch…';
});
downloadButton.addEventListener('click', () => send({ type: 'export' }));
uploadInput.addEventListener('change', () => void upload(uploadInput.files));

(window as unknown as { digitkit: unknown }).digitkit = {
  state,
  predictDrawing,
  get announcements() {
    return announcer.updates;
  },
};
