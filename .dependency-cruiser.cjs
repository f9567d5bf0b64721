// The layers of the repo, checked by dependency-cruiser (`pnpm check:layers`, a step of `pnpm test`): an import may
// only point down. Two orders, bottom first: the packages, and the folders inside core. Tests are left out (a test
// may import whatever it exercises, e.g. a server as its fixture); so is every file outside the packages' `src`.
const { existsSync } = require('node:fs');

/**
 * The packages, bottom first; packages on one line are siblings and may not import each other (the server stands
 * beside core and uses neither core nor the clients).
 */
const PACKAGE_LAYERS = [['types'], ['enums'], ['check'], ['core', 'server'], ['client'], ['sync'], ['cli']];

/**
 * Core's layers, bottom first, as paths under packages/core/src: the runtime facts, errors, local sources (files and
 * streams on this machine), the HTTP layer, byte transfers, resume state on disk, the API's operations, multipart
 * uploads, the upload entry, and the package's entries (index.ts with lazy-operations.ts, which it re-exports,
 * lazy-check.ts, which that loads, and internal.ts).
 */
const CORE_LAYERS = [
  '(runtime|version)\\.ts',
  'errors/',
  'source/',
  'http/',
  'transfer/',
  'resume/',
  'operations/',
  'multipart/',
  'upload/',
  '(index|internal|lazy-operations|lazy-check)\\.ts',
];

const TESTS = '\\.test(-d)?\\.ts$';
const core = (layer) => `^packages/core/src/${layer}`;
const anyOf = (patterns) => `(${patterns.join('|')})`;

const coreRules = CORE_LAYERS.slice(0, -1).map((layer, index) => ({
  name: `core-layers: ${layer.replace(/\\/g, '')}`,
  comment: `Inside core imports point down (${CORE_LAYERS.join(' < ').replace(/\\/g, '')}): move the code down or the importer up.`,
  severity: 'error',
  from: { path: core(layer), pathNot: TESTS },
  to: { path: anyOf(CORE_LAYERS.slice(index + 1).map(core)) },
}));

const packageRules = PACKAGE_LAYERS.map((layer, index) => {
  const forbidden = PACKAGE_LAYERS.filter((_, other) => other >= index).flat();
  return {
    name: `package-layers: ${layer.join(', ')}`,
    comment: `A package imports only packages below it (${PACKAGE_LAYERS.map((names) => names.join('/')).join(' < ')}).`,
    severity: 'error',
    from: { path: `^packages/(${layer.join('|')})/src/`, pathNot: TESTS },
    to: {
      path: `^packages/(${forbidden.join('|')})/`,
      // A package's own modules are its own business.
      pathNot: '^packages/$1/',
    },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...coreRules,
    {
      name: 'core-layers: unplaced',
      comment: `A module of core's src outside every layer: add its folder to CORE_LAYERS in .dependency-cruiser.cjs.`,
      severity: 'error',
      from: { path: '^packages/core/src/', pathNot: [anyOf(CORE_LAYERS.map(core)), TESTS] },
      to: {},
    },
    ...packageRules,
  ],
  options: {
    includeOnly: '^packages/[^/]+/src/',
    exclude: { path: TESTS },
    doNotFollow: { path: 'node_modules' },
    // The workspace's packages resolve to their sources through the root tsconfig's `paths`.
    ...(existsSync('tsconfig.json') && { tsConfig: { fileName: 'tsconfig.json' } }),
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs'],
    },
  },
};
