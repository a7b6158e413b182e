// Node-only helpers of @digitkit/core (file system, hashing). The `.` entry stays pure.
export { writeFileAtomic, TEMP_FILE_SUFFIX } from './node/write-file-atomic.js';
export type { WriteFileAtomicOptions } from './node/write-file-atomic.js';
export { removeStaleTempFiles } from './node/remove-stale-temp-files.js';
export { sha256 } from './node/sha256.js';
export { makeFolder } from './node/make-folder.js';
export type { MakeFolderOptions } from './node/make-folder.js';
