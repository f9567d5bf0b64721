import { VERSION } from './version.js';

/** True on Node (and runtimes that present themselves as Node, like Bun): `node:http` is there. */
export function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

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
