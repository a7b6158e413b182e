/** Decodes standard base64 (with `=` padding) to bytes; pure, works in Node and browsers. */
export function base64ToBytes(base64: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i)] = i;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((base64.length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < base64.length; i += 4) {
    const n =
      (lookup[base64.charCodeAt(i)] << 18) |
      (lookup[base64.charCodeAt(i + 1)] << 12) |
      (lookup[base64.charCodeAt(i + 2)] << 6) |
      lookup[base64.charCodeAt(i + 3)];
    if (out < bytes.length) bytes[out++] = (n >>> 16) & 255;
    if (out < bytes.length) bytes[out++] = (n >>> 8) & 255;
    if (out < bytes.length) bytes[out++] = n & 255;
  }
  return bytes;
}
