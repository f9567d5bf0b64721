import { packageBuild } from '../../tsup.config.base.ts';

// dist/bin.js is the `together-files-server` command: only it starts with `#!/usr/bin/env node`.
export default packageBuild({ entry: ['src/index.ts'], bin: ['src/bin.ts'] });
