import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { Together, type TogetherOptions } from '../src/index.js';

export const API_KEY = 'sk-e2e-0123456789abcdef';
export const MiB = 1024 * 1024;
const quiet = { error() {}, warn() {}, info() {}, debug() {} };

/** Starts one server for the file's tests (faults and the request log are cleared after each test). */
export function useServer(): {
  server: () => ServerHandle;
  client: (options?: TogetherOptions) => Together;
  dir: () => string;
} {
  let server: ServerHandle | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    server = await startServer({ apiKey: API_KEY, recordHeaders: true });
    dir = mkdtempSync(join(tmpdir(), 'together-files-client-'));
  });
  afterEach(() => {
    server?.faults.clear();
    server?.clearRequests();
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    server: () => server!,
    dir: () => dir!,
    client: (options = {}) =>
      new Together({
        apiKey: API_KEY,
        baseURL: server!.baseURL,
        maxRetryDelay: 20,
        logger: quiet,
        ...options,
      }),
  };
}

/**
 * JSONL of general-format samples, about `size` bytes, each line different. Equal arguments give equal bytes, which
 * the service deduplicates (a multipart initiate with a known checksum answers 409): pass a `tag` for bytes of its own.
 */
export function jsonl(size: number, tag = 'sample'): Uint8Array {
  const lines: string[] = [];
  let total = 0;
  for (let index = 0; total < size; index++) {
    const line = `${JSON.stringify({ text: `${tag} ${index} ${'lorem ipsum '.repeat(8)}` })}\n`;
    lines.push(line);
    total += line.length;
  }
  return new TextEncoder().encode(lines.join(''));
}

/** Writes `bytes` to `name` in `dir` and returns the path. */
export function writeFile(dir: string, name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The names in a folder (to prove no temp file stayed behind). */
export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}
