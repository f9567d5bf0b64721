import { packageBuild } from '../../tsup.config.base.ts';

// The worker is its own entry, loaded by path at run time (so it needs no declarations); `shims` gives the CJS
// build an `import.meta.url` to find it by.
export default packageBuild({
  entry: ['src/index.ts', 'src/worker.ts'],
  dts: { entry: 'src/index.ts' },
  shims: true,
});
