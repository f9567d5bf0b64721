// The layer check (`pnpm check:layers`, .dependency-cruiser.cjs) can fail: the repo's own config, run on a small
// made-up workspace, passes imports that point down and names each kind of import that points up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

const packages = ['types', 'enums', 'check', 'core', 'server', 'client', 'sync', 'cli'];
const tsconfig = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    paths: Object.fromEntries(
      packages.map((name) => [`@together-files/${name}`, [`./packages/${name}/src/index.ts`]]),
    ),
  },
};

/** A workspace shaped like ours: each package's entry, and core's layers importing downwards only. */
const clean: Record<string, string> = {
  'packages/types/src/index.ts': 'export type Id = string;\n',
  'packages/check/src/index.ts':
    "import type { Id } from '@together-files/types';\nexport const check = (id: Id) => id;\n",
  'packages/core/src/runtime.ts': 'export const isNode = true;\n',
  'packages/core/src/errors/api-error.ts':
    "import { isNode } from '../runtime.js';\nexport const error = isNode;\n",
  'packages/core/src/http/call.ts':
    "import { error } from '../errors/api-error.js';\nexport const call = error;\n",
  'packages/core/src/operations/list.ts':
    "import { call } from '../http/call.js';\nexport const list = call;\n",
  'packages/core/src/index.ts':
    "import { check } from '@together-files/check';\nexport { list } from './operations/list.js';\nexport { check };\n",
  'packages/server/src/index.ts': "export { check } from '@together-files/check';\n",
  'packages/client/src/index.ts': "export { list } from '@together-files/core';\n",
  // Tests may import anything: a client test starts the server, a transfer test a download operation.
  'packages/core/src/http/call.test.ts': "import { list } from '../operations/list.js';\nexport { list };\n",
};

let workspace: string | undefined;
afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
});

function cruise(files: Record<string, string>) {
  workspace = mkdtempSync(join(tmpdir(), 'layers-'));
  writeFileSync(join(workspace, 'tsconfig.json'), JSON.stringify(tsconfig));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  const result = spawnSync(depcruise, ['packages', '--config', config], { cwd: workspace, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('imports that point down pass, and tests may import upwards', () => {
  const { status, output } = cruise(clean);
  expect(output).toMatch(/no dependency violations found \(\d+ modules/);
  expect(status).toBe(0);
});

test('a folder of core importing a higher one fails, naming the rule and both files', () => {
  const { status, output } = cruise({
    ...clean,
    'packages/core/src/http/call.ts':
      "import { list } from '../operations/list.js';\nexport const call = list;\n",
  });
  expect(status).not.toBe(0);
  expect(output).toContain('core-layers: http/');
  expect(output).toMatch(/packages\/core\/src\/http\/call\.ts → .*packages\/core\/src\/operations\/list\.ts/);
});

test("a lazy import() points up too: the layer of core's runtime facts may not load an error class", () => {
  const { status, output } = cruise({
    ...clean,
    'packages/core/src/runtime.ts':
      "export const isNode = true;\nexport const load = () => import('./errors/api-error.js');\n",
  });
  expect(status).not.toBe(0);
  expect(output).toContain('core-layers: (runtime|version).ts');
});

test('a folder of core outside every layer fails until the order names it', () => {
  const { status, output } = cruise({
    ...clean,
    'packages/core/src/helpers/misc.ts':
      "import { isNode } from '../runtime.js';\nexport const misc = isNode;\n",
  });
  expect(status).not.toBe(0);
  expect(output).toContain('core-layers: unplaced');
  expect(output).toContain('packages/core/src/helpers/misc.ts');
});

test('a package importing a package above it, or its sibling, fails', () => {
  const upwards = cruise({
    ...clean,
    'packages/check/src/index.ts': "export { list as check } from '@together-files/core';\n",
  });
  expect(upwards.status).not.toBe(0);
  expect(upwards.output).toContain('package-layers: check');
  rmSync(workspace as string, { recursive: true, force: true });
  const sibling = cruise({
    ...clean,
    'packages/server/src/index.ts': "export { list } from '@together-files/core';\n",
  });
  expect(sibling.status).not.toBe(0);
  expect(sibling.output).toContain('package-layers: core, server');
});
