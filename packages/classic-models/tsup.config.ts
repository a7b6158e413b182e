import { definePackageConfig } from '../../tsup.config.base.js';

export default definePackageConfig({ index: 'src/index.ts', linear: 'src/linear.ts', node: 'src/node.ts' });
