/**
 * A short description of any value for an error message's "got …" part: numbers and booleans as
 * written, strings quoted (and cut at 40 characters), arrays and typed arrays with their length, objects by
 * their constructor name. Never throws, never prints a huge value.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      break;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  }
  const name = (value as object).constructor?.name;
  return name === undefined || name === 'Object' ? 'an object' : `a ${name}`;
}
