// The client bundled the way a Worker or a browser app bundles it (through the packages' export conditions, from
// their built `dist`): no `node:` import may be left, because wrangler without `nodejs_compat` refuses one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { expect, test } from 'vitest';

const clientDir = fileURLToPath(new URL('..', import.meta.url));
const entry = `
import { Together } from '@together-files/client';
export default {
  async fetch() {
    const client = new Together({ apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1' });
    const file = await client.files.upload({ file: new Blob(['{"text": "a"}\\n']), filename: 'a.jsonl' });
    return new Response(await client.files.retrieveContent(file.id));
  },
};
`;

async function bundle(conditions: string[]): Promise<Metafile> {
  const result = await build({
    stdin: { contents: entry, resolveDir: clientDir, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

test.each([
  ['a Worker (as wrangler bundles it)', ['workerd', 'worker', 'browser']],
  ['a browser app', ['browser']],
  ['a bundler without runtime conditions', []],
])(
  'bundled for %s, there is no node: import, and core and the check are their web builds',
  async (_label, conditions) => {
    const metafile = await bundle(conditions);
    const inputs = Object.keys(metafile.inputs);
    const nodeImports = Object.values(metafile.inputs).flatMap((input) =>
      input.imports.filter((item) => item.path.startsWith('node:') || item.external),
    );
    expect(nodeImports).toEqual([]);
    for (const name of ['core', 'check']) {
      const built = inputs.filter((path) => path.includes(`${name}/dist/`));
      expect(built.length, name).toBeGreaterThan(0);
      for (const path of built) expect(path).toContain(`${name}/dist/web/`);
    }
  },
);

test('the web builds carry none of the Node-only code (spooling, downloads to a path, the upload journal, the parallel check)', () => {
  const packages = fileURLToPath(new URL('../..', import.meta.url));
  const web = (name: string) =>
    readdirSync(join(packages, name, 'dist/web'))
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(packages, name, 'dist/web', file), 'utf8'))
      .join('\n');
  const node = (name: string) =>
    readdirSync(join(packages, name, 'dist'))
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(packages, name, 'dist', file), 'utf8'))
      .join('\n');
  // One string of each module: the spool's temp folder, download-to-file's folder check, the multipart journal's
  // pause of an aborted upload, the check's worker entry.
  const markers = [
    ['core', 'together-files-upload-'],
    ['core', 'The folder of output does not exist'],
    ['core', 'Upload paused:'],
    ['check', '"check-worker"'],
  ] as const;
  for (const [name, marker] of markers) {
    expect(node(name), `${name}'s Node build has ${marker}`).toContain(marker);
    expect(web(name), `${name}'s web build has ${marker}`).not.toContain(marker);
  }
});
