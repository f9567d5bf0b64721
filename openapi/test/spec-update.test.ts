// `pnpm spec:update` on a copy of the official description with one field changed: the change must arrive in the
// extract, in openapi/files.yaml and in the generated types. It runs the real script on a temp copy of the repo's
// openapi/ and packages/types/, so the committed files are never touched.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// shared/ sits beside the clone, locally and in CI (see scripts/spec-update.mjs). A clone without it (a new user's)
// starts from the vendored extract instead: extracting the Files API from it gives the same extract.
const shared = join(repo, '..', 'shared', 'upstream', 'openapi.yaml');
const upstream = existsSync(shared) ? shared : join(repo, 'openapi', 'upstream', 'files.yaml');
const temp = mkdtempSync(join(tmpdir(), 'spec-update-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(upstreamPath: string, ...extra: string[]) {
  return spawnSync(
    process.execPath,
    [join(repo, 'scripts', 'spec-update.mjs'), upstreamPath, '--root', temp, ...extra],
    { encoding: 'utf8' },
  );
}

test('a field changed upstream arrives in the extract, files.yaml and the generated types', () => {
  expect(existsSync(upstream), `the official description is expected at ${upstream}`).toBe(true);
  cpSync(join(repo, 'openapi'), join(temp, 'openapi'), { recursive: true });
  mkdirSync(join(temp, 'packages', 'types', 'src'), { recursive: true });
  cpSync(
    join(repo, 'packages', 'types', 'src', 'generated.ts'),
    join(temp, 'packages', 'types', 'src', 'generated.ts'),
  );

  const original = readFileSync(upstream, 'utf8');
  const field = /( {4}FileResponse:[\s\S]*?created_at:\n\s+description: [^\n]*\n\s+type: )integer/;
  expect(original).toMatch(field);
  const changed = join(temp, 'openapi.yaml');
  writeFileSync(changed, original.replace(field, '$1string'));
  writeFileSync(join(temp, 'LICENSE'), readFileSync(join(dirname(upstream), 'LICENSE')));

  // --check stops at the extract that differs, before the slow steps.
  expect(run(changed, '--check').status).toBe(1);
  const result = run(changed);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('wrote openapi/upstream/files.yaml');

  const createdAt = (yaml: string) =>
    / {4}FileResponse:[\s\S]*?created_at:\n\s+description: [^\n]*\n\s+type: (\w+)/.exec(yaml)?.[1];
  expect(createdAt(readFileSync(join(temp, 'openapi', 'upstream', 'files.yaml'), 'utf8'))).toBe('string');
  expect(createdAt(readFileSync(join(temp, 'openapi', 'files.yaml'), 'utf8'))).toBe('string');
  const types = readFileSync(join(temp, 'packages', 'types', 'src', 'generated.ts'), 'utf8');
  const fileResponse = / {8}FileResponse: \{[\s\S]*?\n {8}\};/.exec(types)?.[0] ?? '';
  expect(fileResponse).toContain('created_at: string;');
  expect(readFileSync(join(repo, 'packages', 'types', 'src', 'generated.ts'), 'utf8')).toMatch(
    / {8}FileResponse: \{[\s\S]*?created_at: number;/,
  );

  // And the overlay's additions still land on the changed extract.
  expect(fileResponse).toContain('processing_status?:');
  // The unchanged upstream giving the committed files is CI's `pnpm spec:check`.
}, 240_000);
