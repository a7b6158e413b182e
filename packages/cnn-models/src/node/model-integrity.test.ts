import { FileSystemError, IntegrityError } from '@digitkit/core';
import { describeBackends, expectNoTensorLeak } from '@digitkit/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './load-model.js';
import { saveModel } from './save-model.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cnn-models-integrity-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A small dense network with seeded weights (16 inputs → 8 → 4 classes). */
function tinyModel(seed: number): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [16], units: 8, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }), biasInitializer: 'ones' }),
      tfl.layers.dense({ units: 4, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function readJson(dir: string): Promise<Record<string, any>> {
  return JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
}

/** Rewrites weights.bin and records its true SHA-256, as a program that edits the weights on purpose would. */
async function writeWeightsWithChecksum(dir: string, bytes: Uint8Array): Promise<void> {
  await writeFile(join(dir, 'weights.bin'), bytes);
  const json = await readJson(dir);
  json.weightsSha256['./weights.bin'] = sha256Hex(bytes);
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
}

async function predict(model: tfl.LayersModel, input: tf.Tensor): Promise<number[]> {
  const out = model.predict(input) as tf.Tensor;
  const values = Array.from(await out.data());
  out.dispose();
  return values;
}

/** Loads a folder the way a browser does: plain tfjs-layers, its HTTP loader, fetch answered from the files. */
async function loadWithPlainTfjs(dir: string): Promise<tfl.LayersModel> {
  const fetchFunc = async (url: string | URL | Request): Promise<Response> => {
    const bytes = await readFile(join(dir, String(url).replace('http://models.test/', '')));
    return new Response(bytes, { status: 200 });
  };
  return tfl.loadLayersModel(tf.io.http('http://models.test/model.json', { fetchFunc }));
}

async function expectIntegrityError(promise: Promise<unknown>, file: string, message: RegExp): Promise<IntegrityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntegrityError);
  const integrity = error as IntegrityError;
  expect(integrity.file.endsWith(file), `${integrity.file} ends with ${file}`).toBe(true);
  expect(integrity.message).toMatch(message);
  expect(integrity.message).not.toContain('\n');
  return integrity;
}

describeBackends('saveModel → loadModel integrity', (backend) => {
  let model: tfl.LayersModel;
  let input: tf.Tensor;
  let expected: number[];

  beforeAll(async () => {
    model = tinyModel(11);
    input = tf.randomUniform([5, 16], -1, 1, 'float32', 3);
    expected = await predict(model, input);
  });
  afterAll(() => {
    model.dispose();
    input.dispose();
  });

  it('model.json records the SHA-256 of weights.bin; plain tfjs-layers and loadModel load it with identical predictions', async () => {
    const dir = join(root, `${backend}-ok`);
    await saveModel(model, dir);
    const json = await readJson(dir);
    expect(json.weightsSha256).toEqual({ './weights.bin': sha256Hex(await readFile(join(dir, 'weights.bin'))) });
    const plain = await loadWithPlainTfjs(dir);
    expect(await predict(plain, input)).toEqual(expected);
    plain.dispose();
    await expectNoTensorLeak(async () => {
      const loaded = await loadModel(dir);
      expect(await predict(loaded, input)).toEqual(expected);
      // compiled like createModel's models: tfjs's own evaluate works at once
      const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0], 'int32'), 4));
      const [loss, accuracy] = loaded.evaluate(input, labels) as tf.Scalar[];
      expect(Number.isFinite(loss.dataSync()[0]) && accuracy.dataSync()[0] >= 0).toBe(true);
      tf.dispose([labels, loss, accuracy]);
      loaded.dispose();
    });
  });

  it('one changed byte in weights.bin is refused with the recorded and the found SHA-256', async () => {
    const dir = join(root, `${backend}-flipped`);
    await saveModel(model, dir);
    const bytes = await readFile(join(dir, 'weights.bin'));
    const recorded = sha256Hex(bytes);
    bytes[40] ^= 0x01;
    await writeFile(join(dir, 'weights.bin'), bytes);
    const error = await expectNoTensorLeak(() =>
      expectIntegrityError(loadModel(dir), 'weights.bin', /^loadModel: .*weights\.bin: expected SHA-256 [0-9a-f]{64} \(from .*model\.json\), got SHA-256 [0-9a-f]{64} .*; the file is damaged/),
    );
    expect(error.expected).toContain(recorded);
    expect(error.found).toContain(sha256Hex(bytes));
  });

  it('a truncated weights.bin is refused before it is read', async () => {
    const dir = join(root, `${backend}-truncated`);
    await saveModel(model, dir);
    await truncate(join(dir, 'weights.bin'), 100);
    // 16×8 + 8 + 8×4 + 4 float32 values
    await expectIntegrityError(loadModel(dir), 'weights.bin', /expected 688 bytes of weights \(from the manifest in .*model\.json\), got 100 bytes \(truncated\)/);
  });

  it('NaN or Infinity weights are refused even when the checksum matches (a diverged model), naming the weight', async () => {
    const dir = join(root, `${backend}-nan`);
    await saveModel(model, dir);
    const specs = (await readJson(dir)).weightsManifest[0].weights;
    const bytes = new Uint8Array(await readFile(join(dir, 'weights.bin')));
    const values = new Float32Array(bytes.buffer);
    values[17] = Number.NaN; // weight 0 (the first kernel), index 17
    await writeWeightsWithChecksum(dir, bytes);
    await expectNoTensorLeak(() => expectIntegrityError(loadModel(dir), 'weights.bin', new RegExp(`expected finite weights, got NaN at index 17 of ${specs[0].name}`)));
    values[17] = 0;
    values[16 * 8 + 3] = Number.POSITIVE_INFINITY; // weight 1 (the first bias), index 3
    await writeWeightsWithChecksum(dir, bytes);
    await expectIntegrityError(loadModel(dir), 'weights.bin', new RegExp(`got Infinity at index 3 of ${specs[1].name}`));
  });

  it('a folder saved before checksums (no weightsSha256) still loads; its non-finite weights are still refused', async () => {
    const dir = join(root, `${backend}-legacy`);
    await saveModel(model, dir);
    const json = await readJson(dir);
    delete json.weightsSha256;
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const loaded = await loadModel(dir);
    expect(await predict(loaded, input)).toEqual(expected);
    loaded.dispose();
    const bytes = new Uint8Array(await readFile(join(dir, 'weights.bin')));
    new Float32Array(bytes.buffer)[0] = Number.NEGATIVE_INFINITY;
    await writeFile(join(dir, 'weights.bin'), bytes);
    await expectIntegrityError(loadModel(dir), 'weights.bin', /got -Infinity at index 0 of /);
  });

  it('float16 weights: a half-precision Infinity is refused; the quantized folder still loads in plain tfjs', async () => {
    const dir = join(root, `${backend}-float16`);
    await saveModel(model, dir, { quantize: 'float16' });
    const plain = await loadWithPlainTfjs(dir);
    const fromPlain = await predict(plain, input);
    plain.dispose();
    const loaded = await loadModel(dir);
    expect(await predict(loaded, input)).toEqual(fromPlain);
    loaded.dispose();
    const bytes = new Uint8Array(await readFile(join(dir, 'weights.bin')));
    new Uint16Array(bytes.buffer)[5] = 0x7c00; // +Infinity in IEEE binary16
    await writeWeightsWithChecksum(dir, bytes);
    await expectIntegrityError(loadModel(dir), 'weights.bin', /got Infinity at index 5 of /);
  });
});

describe('loadModel with hostile input: typed errors, nothing allocated for what is refused', () => {
  let good: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    good = join(root, 'hostile-source');
    const model = tinyModel(5);
    await saveModel(model, good);
    model.dispose();
  });

  async function variant(name: string, edit: (json: Record<string, any>) => void): Promise<string> {
    const dir = join(root, `hostile-${name}`);
    await rm(dir, { recursive: true, force: true });
    const json = await readJson(good);
    edit(json);
    await saveFolder(dir, JSON.stringify(json), await readFile(join(good, 'weights.bin')));
    return dir;
  }
  async function saveFolder(dir: string, modelJson: string, weights: Uint8Array): Promise<void> {
    await rm(dir, { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'model.json'), modelJson);
    await writeFile(join(dir, 'weights.bin'), weights);
  }

  it('a missing folder or weights file is a FileSystemError naming the file and the fix', async () => {
    const missing = join(root, 'no-such-model');
    const error = await loadModel(missing).catch((e) => e);
    expect(error).toBeInstanceOf(FileSystemError);
    expect(error.message).toBe(
      `loadModel: cannot read ${join(missing, 'model.json')}: no such file or directory (ENOENT); check the path: a folder written by saveModel holds model.json and weights.bin`,
    );
    const dir = await variant('no-weights', () => undefined);
    await rm(join(dir, 'weights.bin'));
    const noWeights = await loadModel(dir).catch((e) => e);
    expect(noWeights).toBeInstanceOf(FileSystemError);
    expect(noWeights.message).toMatch(/loadModel: cannot read .*weights\.bin: no such file or directory \(ENOENT\)/);
  });

  it('malformed model.json: not JSON, not an object, no topology, a bad manifest', async () => {
    const weights = await readFile(join(good, 'weights.bin'));
    const cases: Array<[string, string, RegExp]> = [
      ['not-json', '{ "modelTopology": ', /expected JSON, got a parse error/],
      ['array', '[1, 2]', /expected a JSON object, got an array of length 2/],
      ['no-manifest', JSON.stringify({ modelTopology: JSON.parse(await readFile(join(good, 'model.json'), 'utf8')).modelTopology }), /expected weightsManifest to be an array of \{ paths, weights \}, got undefined/],
      ['no-topology', '{"weightsManifest": []}', /expected a tfjs layers model\.json with a modelTopology object, got modelTopology undefined/],
      ['bad-manifest', '{"modelTopology": {}, "weightsManifest": {"paths": 1}}', /expected weightsManifest to be an array/],
      ['bad-dtype', JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['./weights.bin'], weights: [{ name: 'w', shape: [2], dtype: 'complex64' }] }] }), /weight 0 \("w"\) to have dtype float32, int32, bool/],
      ['bad-shape', JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['./weights.bin'], weights: [{ name: 'w', shape: [2, -1], dtype: 'float32' }] }] }), /to have a shape of at most 8 non-negative integers, got \[2,-1\]/],
      ['too-many-files', JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: Array(5000).fill('./weights.bin'), weights: [] }] }), /expected at most 4096 weight files, got more/],
      ['bad-checksum-field', JSON.stringify({ modelTopology: {}, weightsManifest: [], weightsSha256: { './weights.bin': 'abc' } }), /expected weightsSha256 to map weight paths to 64 hex digits/],
    ];
    for (const [name, text, message] of cases) {
      const dir = join(root, `malformed-${name}`);
      await saveFolder(dir, text, weights);
      await expectIntegrityError(loadModel(dir), 'model.json', message);
    }
    const folderDir = join(root, 'malformed-folder');
    await (await import('node:fs/promises')).mkdir(join(folderDir, 'model.json'), { recursive: true });
    await expectIntegrityError(loadModel(folderDir), 'model.json', /expected a model\.json file, got a folder/);
  });

  it('a manifest that does not fit the file (wrong weight size) is refused, naming both sizes', async () => {
    const dir = await variant('wrong-size', (json) => {
      json.weightsManifest[0].weights[0].shape = [16, 9];
    });
    await expectIntegrityError(loadModel(dir), 'weights.bin', /expected 752 bytes of weights \(from the manifest in .*\), got 688 bytes \(truncated\)/);
  });

  it('huge declared shapes are refused before any weight byte is read or allocated', async () => {
    const externalBefore = process.memoryUsage().arrayBuffers;
    const tensorsBefore = tf.memory().numTensors;
    const hugeWeight = await variant('huge-weight', (json) => {
      json.weightsManifest[0].weights[0].shape = [100_000, 100_000];
    });
    await expectIntegrityError(loadModel(hugeWeight), 'model.json', /weight 0 .* to declare at most 2147483648 bytes, got shape \[100000, 100000\]/);
    // a shape whose bytes fit 2 GiB but not the file on disk: refused from the file size, before reading it
    const large = await variant('large-weight', (json) => {
      json.weightsManifest[0].weights[0].shape = [16_000, 16_000];
    });
    await expectIntegrityError(loadModel(large), 'weights.bin', /expected 1024000176 bytes of weights .*, got 688 bytes \(truncated\)/);
    // a topology asking for far more weights than the manifest holds: refused before tfjs builds a layer
    const hugeUnits = await variant('huge-units', (json) => {
      json.modelTopology.config.layers[0].config.units = 1e9;
    });
    await expectIntegrityError(loadModel(hugeUnits), 'model.json', /expected units to be an integer between 0 and 172 \(the weight values the manifest declares\), got units 1000000000/);
    expect(process.memoryUsage().arrayBuffers - externalBefore).toBeLessThan(16 * 2 ** 20);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('a topology that tfjs builds but whose weights do not match is an IntegrityError, and its variables are disposed', async () => {
    const dir = await variant('other-topology', (json) => {
      json.modelTopology.config.layers[1].config.units = 5;
    });
    await expectNoTensorLeak(() => expectIntegrityError(loadModel(dir), 'model.json', /expected a tfjs layers model whose topology matches its weights, got tfjs refused it/));
  });

  it('a save killed between its two renames (new weights.bin, old model.json) is refused, not loaded as a mix', async () => {
    const dir = join(root, 'half-saved');
    const first = tinyModel(21);
    const second = tinyModel(22);
    await saveModel(first, dir);
    await saveModel(second, join(root, 'half-saved-next'));
    // the state a kill right after the weights' rename leaves: same architecture, other weights
    await writeFile(join(dir, 'weights.bin'), await readFile(join(root, 'half-saved-next', 'weights.bin')));
    await expectIntegrityError(loadModel(dir), 'weights.bin', /expected SHA-256 /);
    [first, second].forEach((m) => m.dispose());
  });

  it('weight paths outside the folder are refused', async () => {
    const dir = await variant('outside', (json) => {
      json.weightsManifest[0].paths = ['../../etc/passwd'];
    });
    await expectIntegrityError(loadModel(dir), 'model.json', /expected weight paths inside .*, got "\.\.\/\.\.\/etc\/passwd", which points outside/);
    const linked = await variant('linked', () => undefined);
    await rm(join(linked, 'weights.bin'));
    await symlink('/etc/passwd', join(linked, 'weights.bin'));
    await expectIntegrityError(loadModel(linked), 'model.json', /expected weight paths inside .*, got "\.\/weights\.bin", a link to \/etc\/passwd/);
  });
});
