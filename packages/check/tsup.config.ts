import { packageBuild } from '../../tsup.config.base.ts';

export default packageBuild({
  // The parallel JSONL check's worker is its own entry, loaded by path at run time (no declarations needed);
  // `shims` gives the CJS build an `import.meta.url` to find it by.
  entry: { index: 'src/index.ts', shared: 'src/shared.ts', 'check-worker': 'src/check-worker.ts' },
  // dist/web: the build without Node's modules, for the browser, workerd, worker and default export conditions.
  web: { index: 'src/index.ts', shared: 'src/shared.ts' },
  dts: { entry: { index: 'src/index.ts', shared: 'src/shared.ts' } },
  shims: true,
  // Keep `node:` specifiers: browser bundlers know them as Node built-ins, which the browser path never loads.
  removeNodeProtocol: false,
});
