import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runCli, startCli, writeDataset } from './helpers.js';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'together-files-serve-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function firstLine(child: ReturnType<typeof startCli>): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error('the server printed nothing');
}

describe('serve', () => {
  it('serves on a temporary store until SIGTERM, then removes it (exit 0)', async () => {
    const child = startCli(['serve', '--port', '0', '--json']);
    const address = JSON.parse(await firstLine(child));
    expect(address.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(existsSync(address.dataDir)).toBe(true);
    const list = await runCli(['list', '--json'], {
      TOGETHER_API_KEY: 'any',
      TOGETHER_BASE_URL: address.baseURL,
    });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).data).toEqual([]);
    const done = finished(child);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(existsSync(address.dataDir)).toBe(false);
  });

  it('keeps files in --data across restarts and enforces --api-key', async () => {
    const dataDir = join(workDir, 'store');
    const dataset = join(workDir, 'keep.jsonl');
    await writeDataset(dataset, { samples: 3 });
    const first = startCli(['serve', '--port', '0', '--data', dataDir, '--api-key', 'secret', '--json']);
    const { baseURL } = JSON.parse(await firstLine(first));
    const refused = await runCli(['list'], { TOGETHER_API_KEY: 'other', TOGETHER_BASE_URL: baseURL });
    expect(refused.code).toBe(1);
    const upload = await runCli(['upload', dataset, '--quiet'], {
      TOGETHER_API_KEY: 'secret',
      TOGETHER_BASE_URL: baseURL,
    });
    expect(upload.code).toBe(0);
    const firstDone = finished(first);
    first.kill('SIGINT');
    expect((await firstDone).code).toBe(0);
    expect((await readdir(dataDir)).length).toBeGreaterThan(0);

    const second = startCli(['serve', '--port', '0', '--data', dataDir, '--api-key', 'secret']);
    const sentence = await firstLine(second);
    expect(sentence).toMatch(/^together-files server listening at http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const secondURL = sentence.split(' ').at(-1)!;
    const list = await runCli(['list', '--quiet'], {
      TOGETHER_API_KEY: 'secret',
      TOGETHER_BASE_URL: secondURL,
    });
    expect(list.stdout.trim()).toBe(upload.stdout.trim());
    const secondDone = finished(second);
    second.kill('SIGTERM');
    expect((await secondDone).code).toBe(0);
  });

  it('exits 2 for a port out of range', async () => {
    const result = await runCli(['serve', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected a port 0-65535');
  });
});
