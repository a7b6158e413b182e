/**
 * Escapes text for use inside XML/HTML text content and double- or single-quoted attribute values.
 *
 * Replaces `&`, `<`, `>`, `"` and `'` with entities, and drops characters that XML 1.0 forbids
 * (C0 controls other than tab, line feed and carriage return, lone surrogates, U+FFFE/U+FFFF),
 * so the result is always well-formed whatever the input.
 *
 * @param text - any value; non-strings are converted with `String(text)`.
 * @returns the escaped string.
 */
export function escapeXml(text: unknown): string {
  const value = String(text);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    switch (code) {
      case 38: out += '&amp;'; continue;
      case 60: out += '&lt;'; continue;
      case 62: out += '&gt;'; continue;
      case 34: out += '&quot;'; continue;
      case 39: out += '&#39;'; continue;
      default: break;
    }
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    if (code === 0xfffe || code === 0xffff) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i] + value[i + 1];
        i++;
      }
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    out += value[i];
  }
  return out;
}
