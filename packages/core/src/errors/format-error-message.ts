/** Fields shared by the errors that report malformed input: where, what was expected, what was found. */
export interface FormatErrorDetails {
  /** The function that found the problem, e.g. `'parseIdx'`; it starts the message. */
  functionName: string;
  /** What the format required at this point, e.g. `'magic bytes 0x00 0x00'`. */
  expected: string;
  /** What the input held instead, e.g. `'0x1f 0x8b'`. */
  found: string;
  /** Byte offset in the (decompressed) input where the problem was found, when it has one. */
  offset?: number;
  /** The file name or URL the bytes came from, when known. */
  source?: string;
  /** The lower-level error, e.g. the zlib error for a corrupt gzip stream. */
  cause?: unknown;
}

/** `<function>: expected <expected>, got <found>[ at byte <offset>][ in <source>]`: the one message format. */
export function formatErrorMessage(details: FormatErrorDetails): string {
  const where = details.offset === undefined ? '' : ` at byte ${details.offset}`;
  const from = details.source === undefined ? '' : ` in ${details.source}`;
  return `${details.functionName}: expected ${details.expected}, got ${details.found}${where}${from}`;
}
