import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, runCli, writeDataset } from './helpers.js';

// `script` (util-linux) runs a command on a pseudo-terminal, so stderr is a TTY as in a user's shell.
const hasScript = spawnSync('script', ['--version']).status === 0;

let server: ServerHandle;
let workDir: string;
let dataset: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  workDir = await mkdtemp(join(tmpdir(), 'together-files-progress-'));
  dataset = join(workDir, 'data.jsonl');
  await writeDataset(dataset, { samples: 500, padding: 100 });
  env = { TOGETHER_API_KEY: 'key', TOGETHER_BASE_URL: server.baseURL };
});

afterAll(async () => {
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
});

function quote(argument: string): string {
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the CLI on a pseudo-terminal; stdout and stderr both land in the returned text. Asynchronous on purpose:
 * the server runs in this process and must keep answering while the CLI runs.
 */
async function onTerminal(args: readonly string[]): Promise<string> {
  const command = [process.execPath, CLI_BIN, ...args].map(quote).join(' ');
  const { stdout } = await promisify(execFile)('script', ['-qfec', command, '/dev/null'], {
    env: cliEnv({ ...env, COLUMNS: '140' }),
    encoding: 'utf8',
  });
  return stripVTControlCharacters(stdout).replace(/\r/g, '');
}

describe.skipIf(!hasScript)('progress on a terminal', () => {
  it('draws the upload bar with bytes, rate and ETA, then the file object', async () => {
    const output = await onTerminal(['upload', dataset]);
    expect(output).toMatch(/upload █+.* 100% {2}[\d.]+ KiB \/ [\d.]+ KiB {2}.*\/s {2}ETA \d+s/);
    expect(output).toMatch(/id\s+file-/);
  });

  it('draws the download bar for retrieve-content --output', async () => {
    const id = (await runCli(['upload', dataset, '--quiet'], env)).stdout.trim();
    const output = await onTerminal(['retrieve-content', id, '--output', join(workDir, 'copy.jsonl')]);
    expect(output).toMatch(/download █+.* 100%/);
    expect(output).toContain('Saved');
  });

  it('draws nothing with --json: the terminal shows only the JSON document', async () => {
    const output = await onTerminal(['upload', dataset, '--json']);
    expect(output).not.toContain('█');
    expect(JSON.parse(output).filename).toBe('data.jsonl');
  });

  it('draws nothing with --quiet: only the id', async () => {
    const output = await onTerminal(['upload', dataset, '--quiet']);
    expect(output.trim()).toMatch(/^file-\S+$/);
  });
});

describe('progress off a terminal', () => {
  it('draws nothing when stderr is a pipe', async () => {
    const result = await runCli(['upload', dataset], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/id\s+file-/);
  });
});
