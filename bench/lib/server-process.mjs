/**
 * The local Files API server in its own child process (built `packages/server/dist/bin.js --json`), so its memory
 * and CPU bookkeeping never mix with the client being measured, and a blocking sync client cannot deadlock it.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

/** Path of the server's built command, resolved through the bench package's dependency. */
export function serverBinPath() {
  return join(dirname(require.resolve('@together-files/server/package.json')), 'dist', 'bin.js');
}

/**
 * Starts the server child; resolves to `{ url, baseURL, dataDir, apiKey, pid, admin(method, path, body), close() }`.
 * `dataDir` is where the server keeps its files (a fresh temp dir unless given).
 */
export async function startServerProcess(options = {}) {
  const apiKey = options.apiKey ?? 'bench-key';
  const args = [serverBinPath(), '--json', '--port', '0', '--api-key', apiKey];
  if (options.dataDir) args.push('--data', options.dataDir);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let errorOutput = '';
  child.stderr.on('data', (chunk) => {
    errorOutput += chunk;
  });
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${errorOutput}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${errorOutput}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`server printed no JSON first line: ${line}`));
      }
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));

  async function admin(method, path, body) {
    const response = await fetch(`${info.url}/_admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  return {
    ...info,
    apiKey,
    pid: child.pid,
    admin,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
