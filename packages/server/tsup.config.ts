import { packageBuild } from '../../tsup.config.base.ts';

// The banner makes dist/bin.js executable as `together-files-server`; it is harmless in the library entry.
export default packageBuild({ entry: ['src/index.ts', 'src/bin.ts'], banner: { js: '#!/usr/bin/env node' } });
