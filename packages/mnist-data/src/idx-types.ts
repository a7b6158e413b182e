/** Element types of the IDX format, named after the format's own type names. */
export type IdxDtype = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

/** The typed array that holds each {@link IdxDtype}. */
export interface IdxDataTypes {
  ubyte: Uint8Array;
  byte: Int8Array;
  short: Int16Array;
  int: Int32Array;
  float: Float32Array;
  double: Float64Array;
}

/** Any typed array an IDX file can decode to. */
export type IdxData = IdxDataTypes[IdxDtype];

/**
 * A decoded IDX array: `data` holds `shape.reduce((a, b) => a * b, 1)` elements in row-major order
 * (last dimension fastest), in host byte order.
 */
export interface IdxArray<D extends IdxDtype = IdxDtype> {
  /** Element type. */
  dtype: D;
  /** Dimension sizes, outermost first (e.g. `[60000, 28, 28]`); `[]` for a rank-0 scalar. */
  shape: number[];
  /** The elements, row-major. */
  data: IdxDataTypes[D];
}

/** Type code (third magic byte), element size in bytes for each dtype. */
export const IDX_TYPES: Readonly<Record<IdxDtype, { code: number; bytes: number }>> = {
  ubyte: { code: 0x08, bytes: 1 },
  byte: { code: 0x09, bytes: 1 },
  short: { code: 0x0b, bytes: 2 },
  int: { code: 0x0c, bytes: 4 },
  float: { code: 0x0d, bytes: 4 },
  double: { code: 0x0e, bytes: 8 },
};

/** Looks up the dtype for a type code, or `undefined` for an unknown code. */
export function dtypeFromCode(code: number): IdxDtype | undefined {
  for (const dtype of Object.keys(IDX_TYPES) as IdxDtype[]) {
    if (IDX_TYPES[dtype].code === code) return dtype;
  }
  return undefined;
}

/** Formats a byte as `0x0b`. */
export function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, '0')}`;
}
