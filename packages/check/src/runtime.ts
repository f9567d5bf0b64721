/**
 * True on Node (and runtimes that present themselves as Node, like Bun and Deno): `node:fs` and worker threads are
 * there. Always false in the web build (see tsup.config.base.ts), even where a runtime shows a `process` (workerd
 * with `nodejs_compat`): that build has no Node code.
 */
export function isNode(): boolean {
  if (typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) return false;
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/** The last segment of a path or name, whichever separator it uses (`/` or `\`). */
export function baseName(name: string): string {
  return name.split(/[/\\]/).pop() ?? '';
}
