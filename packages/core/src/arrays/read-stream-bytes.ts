/**
 * Reads a byte stream to its end and returns its bytes as one `Uint8Array` (the only chunk itself when the stream
 * had one). Web-standard streams only (browsers, Node ≥ 18): the decompression of embedded MNIST files and shipped
 * weights through `DecompressionStream` reads its output this way.
 */
export async function readStreamBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
