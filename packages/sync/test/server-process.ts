// The local server in a child process: a blocking call parks this thread in Atomics.wait, so a server on it could
// never answer. Faults and the request log go through the admin routes.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Fault } from '@together-files/server';

/** The API key the test server accepts. */
export const API_KEY = 'sync-test-key';

const bin = fileURLToPath(new URL('../../server/dist/bin.js', import.meta.url));
const workerFile = fileURLToPath(new URL('../dist/worker.js', import.meta.url));

/** A running server process and its admin routes. */
export interface ServerProcess {
  url: string;
  baseURL: string;
  addFaults(...faults: Fault[]): Promise<void>;
  clearFaults(): Promise<void>;
  requests(): Promise<Array<{ method: string; path: string; route: string }>>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

/** Starts `together-files-server --json --port 0` and reads its first line. Needs built dists (see README). */
export async function startServerProcess(): Promise<ServerProcess> {
  for (const file of [bin, workerFile]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: build first with ./node_modules/.bin/pnpm --filter @together-files/sync... --filter @together-files/server... build`,
      );
    }
  }
  const child = spawn(process.execPath, [bin, '--json', '--port', '0', '--api-key', API_KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child);
  const { url, baseURL } = JSON.parse(line) as { url: string; baseURL: string };
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/_admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  return {
    url,
    baseURL,
    addFaults: async (...faults) => void (await admin('POST', 'faults', { faults })),
    clearFaults: async () => void (await admin('DELETE', 'faults')),
    requests: async () =>
      (await admin('GET', 'requests')).requests as Awaited<ReturnType<ServerProcess['requests']>>,
    clearRequests: async () => void (await admin('DELETE', 'requests')),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) =>
      reject(new Error(`the server exited (${code}) before printing its address`)),
    );
  });
}
