import { readFileSync } from 'node:fs';
import { packageBuild } from '../../tsup.config.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default packageBuild({
  // The parallel file check's worker is its own entry, loaded by path at run time (no declarations needed);
  // `shims` gives the CJS build an `import.meta.url` to find it by.
  entry: { index: 'src/index.ts', 'check-worker': 'src/check/check-worker.ts' },
  dts: { entry: 'src/index.ts' },
  shims: true,
  // Code splitting (ESM): what core loads with `import()` (uploads, downloads, the check) becomes
  // chunks of its own, so an app bundler can leave them out of the code it loads first.
  splitting: true,
  // Keep `node:` specifiers: browser bundlers know them as Node built-ins, which the browser path never loads.
  removeNodeProtocol: false,
  // The user agent names the version; a define keeps package.json out of the bundle.
  define: { __TOGETHER_FILES_VERSION__: JSON.stringify(version) },
});
