// subsetDataset lives in @digitkit/core (bagging needs it without MNIST); mnist-data re-exports it for its users.
export { subsetDataset } from '@digitkit/core';
