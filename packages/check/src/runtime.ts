/** True on Node (and runtimes that present themselves as Node, like Bun): `node:fs` and worker threads are there. */
export function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/** The last segment of a path or name, whichever separator it uses (`/` or `\`). */
export function baseName(name: string): string {
  return name.split(/[/\\]/).pop() ?? '';
}
