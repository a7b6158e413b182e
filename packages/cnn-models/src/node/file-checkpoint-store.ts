import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointStore, SerializedTensor, TrainingCheckpoint } from '../training/checkpoint-store';
import { writeFileAtomic } from './write-file-atomic';

/** File name of the checkpoint's JSON part. */
export const CHECKPOINT_JSON = 'checkpoint.json';

interface TensorRef {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
  length: number;
}

type StoredCheckpoint = Omit<TrainingCheckpoint, 'modelWeights' | 'optimizerWeights' | 'bestWeights'> & {
  weightsFile: string;
  modelWeights: TensorRef[];
  optimizerWeights: TensorRef[] | null;
  bestWeights: TensorRef[] | null;
};

/**
 * A checkpoint store in a folder: `checkpoint.json` (epoch, seed, callback states, history, tensor index) and
 * `checkpoint-<epoch>.bin` (model weights, optimizer slots, best weights). The binary file is written first and
 * the JSON, which names it, second — both atomically (temp file + rename) — so a process killed at any moment
 * leaves the previous complete checkpoint or the new one. Older binary files are then removed.
 *
 * @param dir - Folder of the checkpoint (created when missing).
 */
export function createFileCheckpointStore(dir: string): CheckpointStore {
  if (typeof dir !== 'string' || dir.length === 0) {
    throw new TypeError(`createFileCheckpointStore: expected a folder path, got ${typeof dir === 'string' ? 'an empty string' : typeof dir}`);
  }
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(join(dir, CHECKPOINT_JSON), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let stored: StoredCheckpoint;
      try {
        stored = JSON.parse(text) as StoredCheckpoint;
      } catch (error) {
        throw new TypeError(`createFileCheckpointStore: ${join(dir, CHECKPOINT_JSON)} is not valid JSON`, { cause: error });
      }
      if (stored?.format !== 'digitkit-training-checkpoint' || typeof stored.weightsFile !== 'string' || stored.weightsFile.includes('/')) {
        throw new TypeError(`createFileCheckpointStore: expected a digitkit training checkpoint in ${join(dir, CHECKPOINT_JSON)}`);
      }
      const bytes = await readFile(join(dir, stored.weightsFile));
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const read = (refs: TensorRef[] | null): SerializedTensor[] | null =>
        refs === null
          ? null
          : refs.map((ref) => {
              if (ref.offset + ref.length * 4 > buffer.byteLength) {
                throw new RangeError(
                  `createFileCheckpointStore: expected ${ref.offset + ref.length * 4} bytes in ${stored.weightsFile}, got ${buffer.byteLength}`,
                );
              }
              const values =
                ref.dtype === 'int32'
                  ? new Int32Array(buffer.slice(ref.offset, ref.offset + ref.length * 4))
                  : new Float32Array(buffer.slice(ref.offset, ref.offset + ref.length * 4));
              return { name: ref.name, shape: ref.shape, dtype: ref.dtype, values };
            });
      const { weightsFile: _weightsFile, ...rest } = stored;
      return {
        ...rest,
        modelWeights: read(stored.modelWeights) ?? [],
        optimizerWeights: read(stored.optimizerWeights),
        bestWeights: read(stored.bestWeights),
      };
    },

    async save(checkpoint) {
      await mkdir(dir, { recursive: true });
      const chunks: Uint8Array[] = [];
      let offset = 0;
      const index = (tensors: SerializedTensor[] | null): TensorRef[] | null =>
        tensors === null
          ? null
          : tensors.map((t) => {
              const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
              chunks.push(bytes);
              const ref: TensorRef = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.values.length };
              offset += bytes.byteLength;
              return ref;
            });
      const weightsFile = `checkpoint-${checkpoint.epochsCompleted}.bin`;
      const stored: StoredCheckpoint = {
        ...checkpoint,
        weightsFile,
        modelWeights: index(checkpoint.modelWeights) ?? [],
        optimizerWeights: index(checkpoint.optimizerWeights),
        bestWeights: index(checkpoint.bestWeights),
      };
      const data = new Uint8Array(offset);
      let position = 0;
      for (const chunk of chunks) {
        data.set(chunk, position);
        position += chunk.byteLength;
      }
      await writeFileAtomic(join(dir, weightsFile), data);
      await writeFileAtomic(join(dir, CHECKPOINT_JSON), JSON.stringify(stored));
      for (const file of await readdir(dir)) {
        if (/^checkpoint-\d+\.bin$/.test(file) && file !== weightsFile) await unlink(join(dir, file)).catch(() => undefined);
      }
    },
  };
}
