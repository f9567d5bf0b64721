import { packageBuild } from '../../tsup.config.base.ts';

// dist/bin.js is the `together-files-server` command: only it starts with `#!/usr/bin/env node`. The validation
// worker is its own entry, loaded by path at run time; `shims` gives the CJS build an `import.meta.url` to find it by.
export default packageBuild({
  entry: { index: 'src/index.ts', 'validate-worker': 'src/validate-worker.ts' },
  dts: { entry: 'src/index.ts' },
  shims: true,
  bin: ['src/bin.ts'],
});
