import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { send } from './helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = join(packageDir, 'dist', 'bin.js');

beforeAll(() => {
  // The command runs as built output; `pnpm test` builds first, a lone run of this file builds here.
  if (!existsSync(bin)) {
    const root = join(packageDir, '..', '..');
    const build = spawnSync(
      join(root, 'node_modules', '.bin', 'pnpm'),
      ['--filter', '@together-files/server...', 'build'],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
    expect(build.status).toBe(0);
  }
}, 180_000);

/** Starts the command and resolves with its first stdout line. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error('the server exited before printing')));
  });
  return { child, exited, firstLine };
}

describe('together-files-server', () => {
  test('--json --port 0: first line is {url, baseURL, dataDir}; serves; SIGTERM exits cleanly and removes the temp store', async () => {
    const { child, exited, firstLine } = start(['--json', '--port', '0', '--api-key', 'bin-key']);
    const info = JSON.parse(await firstLine);
    expect(Object.keys(info).sort()).toEqual(['baseURL', 'dataDir', 'url']);
    expect(info.baseURL).toBe(`${info.url}/v1`);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(info.dataDir)).toBe(true);
    expect(
      (await send(`${info.baseURL}/files`, { headers: { authorization: 'Bearer bin-key' } })).status,
    ).toBe(200);
    expect((await send(`${info.baseURL}/files`, { headers: { authorization: 'Bearer other' } })).status).toBe(
      401,
    );
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(existsSync(info.dataDir)).toBe(false);
  });

  test('without --json it prints the sentence; --data keeps the store; SIGINT exits cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'together-files-bin-'));
    try {
      const { child, exited, firstLine } = start(['--port', '0', '--data', dataDir]);
      const line = await firstLine;
      const match = /^together-files-server listening at (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
      expect(match).not.toBeNull();
      expect((await send(`${match![1]}/files`, { headers: { authorization: 'Bearer any' } })).status).toBe(
        200,
      );
      child.kill('SIGINT');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(existsSync(join(dataDir, 'blobs'))).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('a bad option exits with code 2 and the usage', async () => {
    const result = spawnSync(process.execPath, [bin, '--port', 'abc'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Usage: together-files-server/);
  });
});
