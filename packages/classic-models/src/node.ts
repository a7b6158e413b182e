// @digitkit/classic-models/node: Node-only helpers (file save/load). The `.` entry stays pure.
export { saveClassicModel, CLASSIC_MODEL_JSON, CLASSIC_WEIGHTS_BIN } from './node/save-classic-model.js';
export type { SavedClassicModelInfo } from './node/save-classic-model.js';
export { loadClassicModel } from './node/load-classic-model.js';
