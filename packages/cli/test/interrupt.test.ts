import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runCli, startCli, until, writeDataset } from './helpers.js';

let server: ServerHandle;
let workDir: string;
let env: Record<string, string>;
let fileId: string;
let dataset: string;

beforeAll(async () => {
  server = await startServer();
  workDir = await mkdtemp(join(tmpdir(), 'together-files-interrupt-'));
  env = { TOGETHER_API_KEY: 'key', TOGETHER_BASE_URL: server.baseURL };
  dataset = join(workDir, 'data.jsonl');
  await writeDataset(dataset, { samples: 2000, padding: 200 });
  const upload = await runCli(['upload', dataset, '--quiet'], env);
  expect(upload.code).toBe(0);
  fileId = upload.stdout.trim();
});

afterAll(async () => {
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
});

/**
 * Runs the CLI with `args` while the server holds `route` back, sends SIGINT once that request has arrived (so the
 * transfer is under way when the signal comes), and resolves to how the CLI ended.
 */
async function interruptDuring(route: 'retrieveFileContent' | 'storagePut', args: string[]) {
  server.clearRequests();
  server.faults.add({ route, delayMs: 20_000 });
  const child = startCli(args, env);
  const done = finished(child);
  await until(() => server.requests.some((request) => request.route === route));
  child.kill('SIGINT');
  const result = await done;
  server.faults.clear();
  return result;
}

describe('Ctrl-C (SIGINT)', () => {
  it('cancels a download to --output: exit 130, one line, and no file (partial or temporary) left', async () => {
    const target = join(workDir, 'downloads');
    await mkdir(target);
    const result = await interruptDuring('retrieveFileContent', [
      'retrieve-content',
      fileId,
      '--output',
      join(target, 'out.jsonl'),
    ]);
    expect(result.code).toBe(130);
    expect(result.stderr.trim()).toBe(
      `retrieve-content ${fileId} cancelled (Ctrl-C); nothing was left behind.`,
    );
    expect(await readdir(target)).toEqual([]);
  });

  it('cancels an upload while its bytes are being sent: exit 130', async () => {
    // New bytes: an upload of bytes the service already has never reaches the storage PUT.
    const fresh = join(workDir, 'fresh.jsonl');
    await writeDataset(fresh, { samples: 2001, padding: 200 });
    const result = await interruptDuring('storagePut', ['upload', fresh]);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('cancelled (Ctrl-C)');
  });

  it('cancels a download to stdout: exit 130 and nothing written to the output file', async () => {
    const result = await interruptDuring('retrieveFileContent', ['retrieve-content', fileId]);
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(existsSync(join(workDir, `${fileId}.jsonl`))).toBe(false);
  });
});
