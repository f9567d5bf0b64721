import { isNode } from '@together-files/check/shared';
import { VERSION } from './version.js';

// One probe for every package: the check (lowest package that needs it) holds it.
export { isNode };

/** True in a browser or a browser worker, where a manual redirect is opaque and `User-Agent` cannot be set. */
export function isBrowser(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown };
  return !isNode() && (typeof scope.document === 'object' || typeof scope.importScripts === 'function');
}

/** `together-files/<version> (node 20.20.2; linux x64)`, or `(browser)`. */
export function userAgent(): string {
  const process = (
    globalThis as { process?: { versions?: { node?: string }; platform?: string; arch?: string } }
  ).process;
  const where = isNode()
    ? `node ${process?.versions?.node}; ${process?.platform} ${process?.arch}`
    : 'browser';
  return `together-files/${VERSION} (${where})`;
}
