import { packageBuild } from '../../tsup.config.base.ts';

// src/bin.ts starts with `#!/usr/bin/env node`, which the build keeps: dist/bin.js is the `together-files` binary.
export default packageBuild({ entry: ['src/index.ts', 'src/bin.ts'] });
