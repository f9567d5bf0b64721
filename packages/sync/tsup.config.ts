import { packageBuild } from '../../tsup.config.base.ts';

// The worker is its own entry, loaded by path at run time; `shims` gives the CJS build an `import.meta.url`.
export default packageBuild({ entry: ['src/index.ts', 'src/worker.ts'], shims: true });
