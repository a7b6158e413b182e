import { expect, it } from 'vitest';
import * as core from './index.js';
import * as node from './node.js';

it('exports exactly the documented API', () => {
  expect(Object.keys(core).sort()).toEqual([
    'AbortedError',
    'DigitKitError',
    'FileSystemError',
    'FormatError',
    'IdxFormatError',
    'ImageFormatError',
    'IntegrityError',
    'MismatchError',
    'UnsupportedEnvironmentError',
    'WorkerError',
    'argmaxRows',
    'checkArrayLike',
    'checkBoolean',
    'checkDataset',
    'checkFiniteNumber',
    'checkFunction',
    'checkInteger',
    'checkOneOf',
    'checkOptions',
    'checkSeed',
    'checkString',
    'closestName',
    'createRng',
    'deriveSeed',
    'describeValue',
    'formatErrorMessage',
    'readStreamBytes',
    'shuffleInPlace',
    'subsetDataset',
  ]);
  expect(Object.keys(node).sort()).toEqual(['TEMP_FILE_SUFFIX', 'makeFolder', 'removeStaleTempFiles', 'sha256', 'writeFileAtomic']);
});
