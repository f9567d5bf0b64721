/**
 * `@together-files/check/shared`: the small helpers the packages above the check share (core, server, sync), apart
 * from the check itself. A subpath of its own because bundlers split code by module: through the package's root,
 * a browser app that only lists files would load the whole check in its first chunk, to convert headers.
 */
export { headerRecord } from './headers.js';
export { MAX_FILE_SIZE } from './limits.js';
export { baseName, isNode } from './runtime.js';
export { builtWorkerEntry } from './worker-entry.js';
