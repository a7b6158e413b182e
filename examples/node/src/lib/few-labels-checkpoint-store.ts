import { existsSync } from 'node:fs';
import { readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SemiSupervisedCheckpoint, SemiSupervisedCheckpointStore } from '@digitkit/cnn-models';
import { makeFolder, removeStaleTempFiles, sha256, writeFileAtomic } from '@digitkit/core/node';
import { UserError } from './user-error.js';

type Tensors = SemiSupervisedCheckpoint['modelWeights'];
interface TensorEntry { name: string; shape: number[]; dtype: 'float32' | 'int32'; offset: number; length: number }
type TensorFields = 'modelWeights' | 'emaWeights' | 'bestWeights' | 'optimizerWeights';
const FIELDS: readonly TensorFields[] = ['modelWeights', 'emaWeights', 'bestWeights', 'optimizerWeights'];

/**
 * A file store for `trainSemiSupervised`'s checkpoints: `checkpoint-<step>.bin` (every tensor, little-endian, 4 bytes
 * a value) then `checkpoint.json` (the rest, the binary's name, its tensor table and SHA-256), each written
 * atomically; the binary the JSON names is never overwritten (older ones are removed after the JSON is written), so
 * a kill at any moment leaves a consistent pair. A binary that does not match is refused with the fix.
 */
export function createFewLabelsCheckpointStore(dir: string, startOverHint: string): SemiSupervisedCheckpointStore {
  const json = join(dir, 'checkpoint.json');
  return {
    location: dir,
    async load() {
      if (!existsSync(json)) return undefined;
      await removeStaleTempFiles(dir);
      const meta = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown> & {
        tables: Record<string, TensorEntry[] | null>;
        binSha256: string;
        binFile: string;
      };
      const bin = join(dir, meta.binFile);
      const bytes = new Uint8Array(await readFile(bin));
      if (sha256(bytes) !== meta.binSha256) {
        throw new UserError(`${bin} does not match ${json} (SHA-256 differs: damaged or changed); ${startOverHint}`);
      }
      const checkpoint = { ...meta } as unknown as SemiSupervisedCheckpoint & { tables?: unknown; binSha256?: unknown };
      for (const field of FIELDS) {
        const table = meta.tables[field];
        (checkpoint as unknown as Record<string, Tensors | null>)[field] =
          table === null
            ? null
            : table.map((e) => {
                const slice = bytes.slice(e.offset, e.offset + e.length * 4).buffer;
                return { name: e.name, shape: e.shape, dtype: e.dtype, values: e.dtype === 'int32' ? new Int32Array(slice) : new Float32Array(slice) };
              });
      }
      delete checkpoint.tables;
      delete checkpoint.binSha256;
      delete (checkpoint as { binFile?: unknown }).binFile;
      return checkpoint;
    },
    async save(checkpoint) {
      await makeFolder(dir, { functionName: 'digitkit' });
      const chunks: Uint8Array[] = [];
      let offset = 0;
      const tables: Record<string, TensorEntry[] | null> = {};
      for (const field of FIELDS) {
        const tensors = checkpoint[field];
        tables[field] =
          tensors === null
            ? null
            : tensors.map((t) => {
                const copy = new Uint8Array(t.values.buffer.slice(t.values.byteOffset, t.values.byteOffset + t.values.byteLength));
                const entry = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.values.length };
                chunks.push(copy);
                offset += copy.length;
                return entry;
              });
      }
      const bytes = new Uint8Array(offset);
      let at = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      const rest: Record<string, unknown> = { ...checkpoint };
      for (const field of FIELDS) delete rest[field];
      const binFile = `checkpoint-${checkpoint.step}.bin`;
      await writeFileAtomic(join(dir, binFile), bytes, { functionName: 'digitkit' });
      await writeFileAtomic(json, `${JSON.stringify({ ...rest, tables, binSha256: sha256(bytes), binFile })}\n`, { functionName: 'digitkit' });
      for (const name of await readdir(dir)) {
        if (/^checkpoint-\d+\.bin$/.test(name) && name !== binFile) await unlink(join(dir, name)).catch(() => undefined);
      }
    },
  };
}
