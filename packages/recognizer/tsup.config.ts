import { definePackageConfig } from '../../tsup.config.base.js';

export default definePackageConfig(
  { index: 'src/index.ts', node: 'src/node.ts' },
  {
    esbuildPlugins: [
      {
        // The embedded weights stay one file (weights/single/embedded.cjs), imported at run time by both builds:
        // `../weights/…` from dist/ is the same file as from src/. So does weights/shipped-models.cjs, which says
        // whether an ensemble ships and holds the only import of weights/ensemble/embedded.cjs.
        name: 'external-embedded-weights',
        setup(build) {
          build.onResolve({ filter: /\/weights\/(single\/embedded|shipped-models)\.cjs$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  },
);
