import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { expect, test } from 'vitest';

const packages = fileURLToPath(new URL('../../', import.meta.url));

/** The source files an app loads before its first `import()`: the entry chunk and the chunks it imports statically. */
async function firstLoad(entry: string, from: 'sources' | 'builds' = 'sources'): Promise<string[]> {
  const alias = Object.fromEntries(
    ['client', 'core', 'enums', 'types'].map((name) => [
      `@together-files/${name}`,
      `${packages}${name}/src/index.ts`,
    ]),
  );
  const { metafile } = await build({
    // Builds: through the packages' exports and their built web chunks, as an app's bundler meets them.
    ...(from === 'builds' ? { tsconfigRaw: '{}' } : { alias }),
    // From the client's folder, the client resolves to its own build by its package name.
    stdin: { contents: entry, resolveDir: from === 'builds' ? `${packages}client` : packages, loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(tmpdir(), 'together-files-lazy-loading'),
    write: false,
    metafile: true,
    // Node's modules and the proxy agents (loaded by the Node-only HTTP layer) are not for browsers.
    external: ['node:*', 'http-proxy-agent', 'https-proxy-agent', 'proxy-from-env'],
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = metafile.outputs;
  // The app's own entry: every module loaded with `import()` is an entry point of its own too.
  const start = Object.keys(outputs).find((name) => outputs[name]?.entryPoint === '<stdin>');
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of outputs[name]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  if (start) visit(start);
  return [...seen].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}));
}

test('an app that lists files loads the HTTP layer first; upload, downloads and the check load on use', async () => {
  const inputs = await firstLoad(`
import { Together } from '@together-files/client';
const client = new Together({ apiKey: 'key' });
console.log(await client.files.list());`);
  expect(inputs.some((input) => input.includes('core/src/http/create-files-context.ts'))).toBe(true);
  expect(inputs.some((input) => input.includes('core/src/operations/file-operations.ts'))).toBe(true);
  const lazy = [
    'check/src/',
    'core/src/upload/upload-file.ts',
    'core/src/upload/run-upload.ts',
    'core/src/operations/content-download.ts',
    'core/src/multipart/upload-multipart.ts',
    'core/src/operations/download-to-file.ts',
    'core/src/transfer/stream-download.ts',
    'core/src/transfer/put-bytes.ts',
  ];
  expect(inputs.filter((input) => lazy.some((part) => input.includes(part)))).toEqual([]);
});

test("bundled from the built packages, a list-only app's first load has none of the check, only its shared helpers", async () => {
  // Bundlers split by module, and each built file is one module to them: a core chunk that imported the check's
  // root would put the whole check (its rules, the Parquet reader) in the first load of an app that only lists.
  const inputs = await firstLoad(
    `
import { Together } from '@together-files/client';
const client = new Together({ apiKey: 'key' });
console.log(await client.files.list());`,
    'builds',
  );
  expect(inputs.some((input) => input.includes('core/dist/web/index.js'))).toBe(true);
  expect(inputs.some((input) => input.includes('check/dist/web/'))).toBe(true);
  expect(inputs.filter((input) => input.includes('check/dist/web/index.js'))).toEqual([]);
});
