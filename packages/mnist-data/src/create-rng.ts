// The seeded RNG lives in @digitkit/core; mnist-data re-exports it for its users.
export { createRng, shuffleInPlace } from '@digitkit/core';
