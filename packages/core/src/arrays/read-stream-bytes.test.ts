import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readStreamBytes } from './read-stream-bytes.js';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('readStreamBytes', () => {
  it('joins the chunks in order (none, one, several of different sizes)', async () => {
    expect(await readStreamBytes(streamOf([]))).toEqual(new Uint8Array(0));
    expect(await readStreamBytes(streamOf([Uint8Array.of(7, 8)]))).toEqual(Uint8Array.of(7, 8));
    const parts = [Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3, 4), Uint8Array.of(5)];
    expect(await readStreamBytes(streamOf(parts))).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
  });

  it("returns what node:zlib compressed, read back through DecompressionStream('gzip')", async () => {
    const original = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 7)) & 255);
    const gz = gzipSync(original);
    const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
    expect(await readStreamBytes(stream)).toEqual(original);
  });

  it('rejects with the stream error', async () => {
    const stream = new Blob([Uint8Array.of(1, 2, 3)]).stream().pipeThrough(new DecompressionStream('gzip'));
    await expect(readStreamBytes(stream)).rejects.toThrow();
  });
});
