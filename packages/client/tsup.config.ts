import { packageBuild } from '../../tsup.config.base.ts';

// Keep `node:` specifiers as core does, so browser bundlers recognise them.
export default packageBuild({ removeNodeProtocol: false });
