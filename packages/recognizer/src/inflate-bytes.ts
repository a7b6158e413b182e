import { readStreamBytes, UnsupportedEnvironmentError } from '@digitkit/core';

/**
 * Decompresses zlib-format (RFC 1950, `deflate`) bytes with the platform's `DecompressionStream` — built into
 * Node ≥ 18, Deno, Bun and every current browser (Chrome 80, Firefox 113, Safari 16.4) — so the embedded weights
 * need no decompression library and no network.
 *
 * @throws UnsupportedEnvironmentError when the platform has no `DecompressionStream`; the stream's own error
 *   (a `TypeError`) for bytes that are not zlib data.
 */
export async function inflateBytes(functionName: string, deflated: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined' || typeof ReadableStream === 'undefined') {
    throw new UnsupportedEnvironmentError({
      functionName,
      expected: "DecompressionStream('deflate') to unpack the embedded weights",
      found: 'a JavaScript environment without DecompressionStream',
      fix: 'use Node >= 20.19 or a current browser (Chrome 80+, Firefox 113+, Safari 16.4+)',
    });
  }
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(deflated as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  return readStreamBytes(source.pipeThrough(new DecompressionStream('deflate')));
}
