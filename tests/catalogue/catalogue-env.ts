/**
 * What the bad-input catalogue runs against: one local server in a child process (so the blocking sync client and
 * the CLI can use it too), its admin routes for the request log, a folder of bad files, and the CLI as a subprocess.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BadFiles, writeBadFiles } from './bad-files.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The built server command and CLI; `pnpm test` builds before it runs vitest. */
export const serverBin = join(repoRoot, 'packages/server/dist/bin.js');
export const cliBin = join(repoRoot, 'packages/cli/dist/bin.js');

/** The running pieces every case may use. */
export interface CatalogueEnv {
  url: string;
  baseURL: string;
  dataDir: string;
  apiKey: string;
  /** A loopback URL where nothing listens (a port that was just freed). */
  unreachableBaseURL: string;
  /** `http://127.0.0.1:PORT` of the hostile service (hostile-server.mjs), in a worker thread. */
  hostileOrigin: string;
  files: BadFiles;
  /** A scratch folder for outputs; must stay empty after every failing case. */
  outputDir: string;
  /** Requests the server received (admin calls excluded) since the last `clearRequests`. */
  requests(): Promise<Array<{ method: string; path: string; route: string }>>;
  clearRequests(): Promise<void>;
  /** Ids the server lists, read straight from the API. */
  listIds(): Promise<string[]>;
  /** Runs the CLI with `args` and the server in its environment. */
  cli(args: string[], env?: Record<string, string | undefined>): Promise<CliOutcome>;
  close(): Promise<void>;
}

/** How a CLI run ended. */
export interface CliOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The `--json` error object, when stdout held one. */
  error?: { name: string; message: string; status?: number; line_number?: number };
}

async function startServerChild(
  apiKey: string,
): Promise<{ child: ChildProcess; info: Record<string, string> }> {
  const child = spawn(process.execPath, [serverBin, '--json', '--port', '0', '--api-key', apiKey], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  });
  child.removeAllListeners('exit');
  return { child, info };
}

/** A port that was free a moment ago; nothing listens there. */
async function freedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Writes the bad files, starts the server child and returns the environment. */
export async function createCatalogueEnv(): Promise<CatalogueEnv> {
  if (!existsSync(serverBin)) throw new Error(`${serverBin} is missing: build first (pnpm build)`);
  const workDir = await mkdtemp(join(tmpdir(), 'together-files-catalogue-'));
  const files = await writeBadFiles(join(workDir, 'files'));
  const outputDir = join(workDir, 'outputs');
  await mkdir(outputDir);
  const apiKey = 'catalogue-key';
  const { child, info } = await startServerChild(apiKey);
  const unreachableBaseURL = `http://127.0.0.1:${await freedPort()}/v1`;
  const hostile = new Worker(new URL('./hostile-server.mjs', import.meta.url));
  const hostilePort = await new Promise<number>((resolve, reject) => {
    hostile.once('message', (message: { port: number }) => resolve(message.port));
    hostile.once('error', reject);
  });
  const admin = async (method: string, path: string) => {
    const response = await fetch(`${info.url}/_admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status}`);
    return response.status === 204 ? {} : response.json().catch(() => ({}));
  };
  return {
    url: info.url!,
    baseURL: info.baseURL!,
    dataDir: info.dataDir!,
    apiKey,
    unreachableBaseURL,
    hostileOrigin: `http://127.0.0.1:${hostilePort}`,
    files,
    outputDir,
    async requests() {
      const { requests } = (await admin('GET', 'requests')) as { requests: Array<{ route: string }> };
      return (requests as Array<{ method: string; path: string; route: string }>).filter(
        (request) => request.route !== 'admin',
      );
    },
    async clearRequests() {
      await admin('DELETE', 'requests');
    },
    async listIds() {
      const response = await fetch(`${info.baseURL}/files`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      const body = (await response.json()) as { data: Array<{ id: string }> };
      return body.data.map((file) => file.id);
    },
    cli(args, env = {}) {
      return new Promise((resolve) => {
        const cliChild = spawn(process.execPath, [cliBin, ...args], {
          env: {
            PATH: process.env.PATH,
            TOGETHER_API_KEY: apiKey,
            TOGETHER_BASE_URL: info.baseURL,
            ...env,
          } as NodeJS.ProcessEnv,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        cliChild.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        cliChild.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        cliChild.on('close', (exitCode) => {
          let error: CliOutcome['error'];
          try {
            error = (JSON.parse(stdout) as { error?: CliOutcome['error'] }).error;
          } catch {}
          resolve({ exitCode, stdout, stderr, ...(error && { error }) });
        });
      });
    },
    async close() {
      hostile.postMessage('close');
      await new Promise((resolve) => hostile.once('exit', resolve));
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
