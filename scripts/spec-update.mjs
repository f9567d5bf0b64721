#!/usr/bin/env node
// `pnpm spec:update [path]`: the Files part of Together's official OpenAPI description, and ours on top of it.
//   1. extract: the paths tagged `Files` of the upstream file and every component they reference, filtered by
//      openapi-format (no JSONPath of our own) → openapi/upstream/files.yaml, with the upstream licence beside it;
//   2. overlay: openapi/files.overlay.yaml (OpenAPI Overlay 1.0) applied to the extract by openapi-format
//      → openapi/files.yaml;
//   3. types: openapi-typescript regenerates packages/types/src/generated.ts from openapi/files.yaml.
// `--check` writes nothing: it fails when a committed file differs from what the command would write (the
// extract only when an upstream file is at hand, since CI may run without one).
// `--root <dir>` runs on another copy of the repo's openapi/ and packages/types/ (the test uses a temp copy).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openapiFilter, openapiOverlay, parseString, stringify } from 'openapi-format';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const rootIndex = args.indexOf('--root');
const root = rootIndex === -1 ? repo : resolve(args[rootIndex + 1]);
const positional = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--root');
// The upstream copy lives in shared/ beside the clone (../shared from the repo root, locally and in CI).
const defaultUpstream = join(repo, '..', 'shared', 'upstream', 'openapi.yaml');
const upstreamPath = positional[0] ? resolve(positional[0]) : defaultUpstream;

const paths = {
  extract: join(root, 'openapi', 'upstream', 'files.yaml'),
  license: join(root, 'openapi', 'upstream', 'LICENSE'),
  overlay: join(root, 'openapi', 'files.overlay.yaml'),
  spec: join(root, 'openapi', 'files.yaml'),
  types: join(root, 'packages', 'types', 'src', 'generated.ts'),
};

/** What the extract keeps: every operation tagged `Files`, and of the components only those still referenced. */
const FILTER = {
  inverseTags: ['Files'],
  unusedComponents: ['schemas', 'parameters', 'responses', 'headers', 'examples', 'requestBodies'],
};

const yamlOptions = { format: 'yaml', lineWidth: -1 };

function header(lines) {
  return `${lines.map((line) => `# ${line}`.trimEnd()).join('\n')}\n`;
}

async function extractOf(upstreamText) {
  const upstream = await parseString(upstreamText);
  const { data } = await openapiFilter(upstream, { filterSet: FILTER });
  const sha256 = createHash('sha256').update(upstreamText).digest('hex');
  return (
    header([
      "The Files API part of Together's official OpenAPI description (repository togethercomputer/openapi, MIT",
      'licence: LICENSE beside this file), unchanged but filtered: the operations tagged Files and the components',
      'they reference. Written by `pnpm spec:update`; do not edit.',
      `Upstream file sha256: ${sha256}`,
    ]) + (await stringify(data, yamlOptions))
  );
}

async function specOf(extractText, overlayText) {
  const extract = await parseString(extractText);
  const overlay = await parseString(overlayText);
  const { data, resultData } = await openapiOverlay(extract, { overlaySet: overlay });
  // An action whose target matched nothing would drop one of our additions silently (say, after upstream renamed
  // a schema): that fails the command instead.
  if (resultData.unusedActions.length > 0) {
    const targets = resultData.unusedActions.map((action) => action.target).join(', ');
    throw new Error(`Overlay actions matched nothing in the extract: ${targets}`);
  }
  return (
    header([
      'The Files API as the SDKs use it: openapi/upstream/files.yaml (the official description, MIT) with',
      'openapi/files.overlay.yaml applied. Written by `pnpm spec:update`; do not edit: change the overlay.',
    ]) + (await stringify(data, yamlOptions))
  );
}

function typesOf(specPath) {
  const cli = join(repo, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  const result = spawnSync(process.execPath, [cli, specPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`openapi-typescript failed:\n${result.stderr}`);
  return result.stdout;
}

const failures = [];
function put(path, text) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (current === text) return;
  if (check) {
    failures.push(relative(root, path));
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${relative(root, path)}`);
}

const haveUpstream = existsSync(upstreamPath);
if (!haveUpstream && (!check || positional[0])) {
  console.error(
    `No upstream file at ${upstreamPath}: pass its path, \`pnpm spec:update path/to/openapi.yaml\`.`,
  );
  process.exit(2);
}
if (haveUpstream) {
  put(paths.extract, await extractOf(readFileSync(upstreamPath, 'utf8')));
  const license = join(dirname(upstreamPath), 'LICENSE');
  if (existsSync(license)) put(paths.license, readFileSync(license, 'utf8'));
} else {
  console.log(`(no upstream file at ${upstreamPath}: the extract is taken as committed)`);
}
const extractText = check && failures.length > 0 ? undefined : readFileSync(paths.extract, 'utf8');
if (extractText !== undefined) {
  const spec = await specOf(extractText, readFileSync(paths.overlay, 'utf8'));
  put(paths.spec, spec);
  // In check mode the committed files.yaml may differ; the types are compared with what it would become.
  const specPath = check ? join(root, '.spec-check.yaml') : paths.spec;
  if (check) writeFileSync(specPath, spec);
  try {
    put(paths.types, typesOf(specPath));
  } finally {
    if (check) spawnSync('rm', ['-f', specPath]);
  }
}

if (failures.length > 0) {
  console.error(
    `Not what \`pnpm spec:update\` writes: ${failures.join(', ')}. Run it, or edit openapi/files.overlay.yaml rather than its output.`,
  );
  process.exit(1);
}
if (check) console.log('openapi/ and the generated types are what `pnpm spec:update` writes');
