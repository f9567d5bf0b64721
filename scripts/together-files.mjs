#!/usr/bin/env node
// `pnpm together-files <command>` from a clone: the CLI's bin is not on PATH there (`pnpm exec` finds no bin in the
// root, `npx together-files` asks the registry), so this root script runs the built one, and says how to build it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'cli', 'dist', 'bin.js');
if (!existsSync(bin)) {
  console.error(
    'together-files is not built yet: run `pnpm build` (or `npm run demo` once), then try again.',
  );
  process.exit(1);
}
await import(pathToFileURL(bin).href);
