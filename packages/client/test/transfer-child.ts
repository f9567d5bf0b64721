import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/transfer-child.mjs', import.meta.url));
const dists = ['../dist/index.js', '../../sync/dist/index.js'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

/** What a child transfer does (see fixtures/transfer-child.mjs). */
export interface ChildTask {
  op: 'upload' | 'download';
  client?: 'promise' | 'sync';
  baseURL: string;
  apiKey: string;
  /** Upload: the path. */
  file?: string;
  /** Download: the id and where to. */
  id?: string;
  output?: string;
  /** SIGKILL the process once progress reaches this many bytes. */
  killAt?: number;
  stateDir?: string;
  threshold?: number;
  partSize?: number;
  concurrency?: number;
  resume?: boolean;
  /** Upload: run the check (default off: the tests' bytes are random). */
  check?: boolean;
}

/** One progress call the child printed. */
export interface ChildProgress {
  loaded: number;
  total: number;
  part?: number;
  parts?: number;
  resumed?: { parts?: number; bytes: number };
}

/** How a child run ended. */
export interface ChildRun {
  signal: NodeJS.Signals | null;
  code: number | null;
  progress: ChildProgress[];
  // biome-ignore lint/suspicious/noExplicitAny: the result is checked by assertions
  result?: any;
  error?: { name: string; message: string };
  stderr: string;
}

/** Runs one transfer in a child process (the built client: `pnpm build` first) and collects what it printed. */
export async function runChild(task: ChildTask): Promise<ChildRun> {
  for (const dist of dists)
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run pnpm build first`);
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, TRANSFER_TASK: JSON.stringify(task) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  const run: ChildRun = { code, signal, progress: [], stderr };
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const { event, ...rest } = JSON.parse(line);
    if (event === 'progress') run.progress.push(rest);
    if (event === 'done') run.result = rest.result;
    if (event === 'error') run.error = rest;
  }
  return run;
}
