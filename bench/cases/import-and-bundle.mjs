/**
 * Cold import time (a fresh process importing the package) and the browser bundle of "create a client and list
 * files" (esbuild, minified, `node:` builtins external, gzip level 9) for our promise client, together-ai and openai.
 */
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { measureRounds } from '../lib/rounds.mjs';
import { formatBytes, formatDuration, formatSpread } from '../lib/stats.mjs';
import { firstLine } from './transfer-rows.mjs';

const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));

const peers = [
  {
    label: 'ours',
    specifier: '@together-files/client',
    entry: `import { Together } from '@together-files/client';
const client = new Together({ apiKey: 'key' });
console.log(await client.files.list());`,
  },
  {
    label: 'together-ai',
    specifier: 'together-ai',
    entry: `import Together from 'together-ai';
const client = new Together({ apiKey: 'key' });
console.log(await client.files.list());`,
  },
  {
    label: 'openai',
    specifier: 'openai',
    entry: `import OpenAI from 'openai';
const client = new OpenAI({ apiKey: 'key', dangerouslyAllowBrowser: true });
console.log(await client.files.list());`,
  },
];

/**
 * Bundles `entry` for the browser; resolves to the minified and gzipped sizes of the single-file bundle, and the
 * gzipped size of what a code-split app loads first: its entry chunk and every chunk that one imports statically
 * (each gzipped on its own, as a browser fetches them), before any `import()` runs.
 */
export async function bundleSize(entry) {
  const common = {
    stdin: { contents: entry, resolveDir: benchDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
  };
  const single = await build(common);
  const code = single.outputFiles[0].contents;
  const split = await build({
    ...common,
    splitting: true,
    outdir: join(tmpdir(), 'bench-bundle'),
    metafile: true,
  });
  return {
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    splitFirstLoadGzipBytes: firstLoad(split).reduce(
      (sum, file) => sum + gzipSync(file.contents, { level: 9 }).length,
      0,
    ),
  };
}

/** The output files of a code-split build that load before its first `import()`: the entry and its static imports. */
function firstLoad({ metafile, outputFiles }) {
  const { outputs } = metafile;
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of outputs[name].imports) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(Object.keys(outputs).find((name) => outputs[name].entryPoint));
  return outputFiles.filter((file) => [...seen].some((name) => file.path.endsWith(name.split('/').pop())));
}

/** Measures import time over `importRounds` fresh processes and the bundle size once per peer. */
export async function importAndBundleCase(context) {
  const rows = await measureRounds({
    rounds: context.settings.importRounds,
    log: context.log,
    contenders: peers.map((peer) => ({
      label: peer.label,
      task: 'import-time',
      args: () => ({ specifier: peer.specifier }),
    })),
  });
  for (const row of rows) {
    try {
      Object.assign(row, await bundleSize(peers.find((peer) => peer.label === row.label).entry));
    } catch (error) {
      row.error ??= `bundle: ${error.message}`;
    }
  }
  return {
    id: 'import',
    title: `Cold import and browser bundle of "create a client and list files" (${context.settings.importRounds} rounds)`,
    rows,
    header: ['package', 'import', 'spread', 'bundle min', 'bundle gzip', 'first load gzip (code-split)'],
    lines: rows.map((row) =>
      row.error
        ? [row.label, 'FAILED', '', '', '', firstLine(row.error)]
        : [
            row.label,
            formatDuration(row.ms.median),
            formatSpread(row.ms.spread),
            formatBytes(row.minifiedBytes),
            formatBytes(row.gzipBytes),
            formatBytes(row.splitFirstLoadGzipBytes),
          ],
    ),
  };
}
