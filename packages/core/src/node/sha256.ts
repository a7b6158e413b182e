import { createHash } from 'node:crypto';

/** SHA-256 of `data` as 64 lowercase hex digits (the checksum digitkit stores next to every binary it writes). */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
