import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasScript, onTerminal as onTerminalWith, runCli, writeDataset } from './helpers.js';

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

async function onTerminal(args: readonly string[]): Promise<string> {
  const { code, output } = await onTerminalWith(args, env);
  expect(code, output).toBe(0);
  return output;
}

describe.skipIf(!hasScript)('progress on a terminal', () => {
  it('draws the upload bar with bytes, rate and ETA, then the file object', async () => {
    const output = await onTerminal(['upload', dataset]);
    expect(output).toMatch(/upload █+.* 100% {2}[\d.]+ KiB \/ [\d.]+ KiB {2}.*\/s {2}ETA \d+s/);
    expect(output).toMatch(/id\s+file-/);
  });

  it('ends the bar at 100% when the service had the bytes already, and says which file it is', async () => {
    const first = (await runCli(['upload', dataset, '--quiet'], env)).stdout.trim();
    const output = await onTerminal(['upload', dataset]);
    expect(output).toMatch(/upload █+ 100%/);
    expect(output).toContain(`already uploaded as ${first}`);
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
    // Bytes of their own: a repeat of the terminal tests' upload would add the "already uploaded" note.
    const fresh = join(workDir, 'fresh.jsonl');
    await writeDataset(fresh, { samples: 40 });
    const result = await runCli(['upload', fresh], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/id\s+file-/);
  });
});
