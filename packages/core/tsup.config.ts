import { readFileSync } from 'node:fs';
import { packageBuild } from '../../tsup.config.base.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default packageBuild({
  // dist/web: the build without Node's modules, for the browser, workerd, worker and default export conditions.
  web: { index: 'src/index.ts', internal: 'src/internal.ts' },
  // `./internal` (not public, see README.md) shares its modules with `.` through chunks: one copy of each class.
  entry: ['src/index.ts', 'src/internal.ts'],
  // Code splitting (ESM): what core loads with `import()` (uploads, downloads) becomes
  // chunks of its own, so an app bundler can leave them out of the code it loads first.
  splitting: true,
  // Keep `node:` specifiers: browser bundlers know them as Node built-ins, which the browser path never loads.
  removeNodeProtocol: false,
  // The user agent names the version; a define keeps package.json out of the bundle.
  define: { __TOGETHER_FILES_VERSION__: JSON.stringify(version) },
});
