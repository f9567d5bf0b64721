import { packageBuild } from '../../tsup.config.base.ts';

// dist/bin.js is the `together-files` command (ESM, with the `#!/usr/bin/env node` banner); dist/index.* the library.
export default packageBuild({ bin: ['src/bin.ts'] });
