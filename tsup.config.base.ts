import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/** What a package passes: tsup options for its library entries, and its executables apart. */
export interface PackageBuildOptions extends Options {
  /**
   * Executable entries (e.g. `['src/bin.ts']`): ESM only, no declarations, starting with `#!/usr/bin/env node`
   * (added unless the source has its own).
   */
  bin?: string[];
  /**
   * Entries of a web build in `dist/web` (ESM), for the `browser`, `workerd`, `worker` and `default` export
   * conditions: see {@link webBuild}.
   */
  web?: Options['entry'];
}

/**
 * The one build every package shares: ESM and CJS with declarations for each, for Node 20+ and browsers.
 * Packages pass their entries and, for commands, `bin` entries; only those get the shebang, in a second config.
 */
export function packageBuild({ bin = [], web, ...overrides }: PackageBuildOptions = {}) {
  return defineConfig((cli) => {
    const configs = buildConfigs({ bin, web, overrides, keepDeclarations: cli.dts === false });
    return web ? [...configs, webBuild(web, overrides)] : configs;
  });
}

/**
 * The web build: the same sources for runtimes without Node's modules (browsers, Cloudflare's workerd, web workers),
 * so that their bundlers meet no `node:` import at all (wrangler refuses one without `nodejs_compat`). It is what
 * the `browser` field's file map does in a package.json, done at our build: `isNode()` is false
 * (`__TOGETHER_FILES_WEB__`), and what only Node can run becomes a module that throws when loaded, which code
 * reached only on Node never loads: every `node:` built-in, and our own `node-*.ts` modules (so their code is not
 * shipped to browsers either).
 */
function webBuild(entry: Options['entry'], overrides: Options): Options {
  return {
    entry,
    format: ['esm'],
    outDir: 'dist/web',
    dts: false,
    clean: true,
    sourcemap: true,
    // Code loaded with `import()` (uploads, downloads, the check) stays in chunks of its own, as in the Node build.
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    // The stubs below must see every `node:` specifier (tsup would otherwise strip the prefix first).
    removeNodeProtocol: false,
    define: { ...overrides.define, __TOGETHER_FILES_WEB__: 'true' },
    esbuildPlugins: [nodeOnlyStubs()],
  };
}

const NODE_ONLY_STUB = 'together-files-node-only';

function nodeOnlyStubs(): NonNullable<Options['esbuildPlugins']>[number] {
  return {
    name: 'node-only-stubs',
    setup(build) {
      // One stub for every built-in, and one for each of our Node-only modules, named in its error.
      build.onResolve({ filter: /^node:/ }, () => ({
        path: 'node-built-ins',
        namespace: NODE_ONLY_STUB,
        pluginData: "Node's built-in modules",
      }));
      build.onResolve({ filter: /^\.\.?\/(.*\/)?node-[^/]*\.js$/ }, (args) => ({
        path: args.path,
        namespace: NODE_ONLY_STUB,
        pluginData: args.path,
      }));
      build.onLoad({ filter: /.*/, namespace: NODE_ONLY_STUB }, (args) => ({
        contents: `throw new Error(${JSON.stringify(
          `together-files: ${args.pluginData}: only in the Node build; this runtime loaded the web build (the browser, workerd, worker or default export condition).`,
        )});`,
        loader: 'js',
      }));
    },
  };
}

// `tsup --no-dts` (the demo's quick `build:js`) must not wipe declarations an earlier full build wrote: tests and
// editors keep resolving the packages' types.
function buildConfigs(options: {
  bin: string[];
  web: Options['entry'] | undefined;
  overrides: Options;
  keepDeclarations: boolean;
}): Options[] {
  const { bin, web, overrides, keepDeclarations } = options;
  const shared: Options = { sourcemap: true, target: 'node20', splitting: false };
  // tsup runs the configs at the same time: the library's clean must spare the executables' output.
  const kept = bin.flatMap((entry) => {
    const name = basename(entry, extname(entry));
    return [`!${name}.js`, `!${name}.js.map`];
  });
  if (keepDeclarations) kept.push('!**/*.d.ts', '!**/*.d.cts');
  if (web) kept.push('!web/**');
  const library: Options = {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: kept.length > 0 ? kept : true,
    ...shared,
    ...overrides,
  };
  if (bin.length === 0) return [library];
  // One config per executable: esbuild keeps a source's own `#!` line, and a banner on top of it would be a second.
  const executables = bin.map(
    (entry): Options => ({
      entry: [entry],
      format: ['esm'],
      dts: false,
      clean: false,
      ...shared,
      ...(!readFileSync(entry, 'utf8').startsWith('#!') && { banner: { js: '#!/usr/bin/env node' } }),
    }),
  );
  return [library, ...executables];
}
