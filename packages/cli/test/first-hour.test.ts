// What a new user tripped on in the first hour (issue 16), each through the built binary against the local server.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, finished, hasScript, onTerminal, runCli, startCli, until, writeDataset } from './helpers.js';

const API_KEY = 'first-hour-key';
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
let server: ServerHandle;
let workDir: string;
let env: Record<string, string>;
let datasets = 0;

beforeAll(async () => {
  server = await startServer({ apiKey: API_KEY });
  workDir = await mkdtemp(join(tmpdir(), 'together-files-first-hour-'));
  env = { TOGETHER_API_KEY: API_KEY, TOGETHER_BASE_URL: server.baseURL };
});

afterAll(async () => {
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
});

/** A dataset of bytes no other test uploads (the service knows files by their content). */
async function freshDataset(name: string): Promise<string> {
  const path = join(workDir, name);
  await writeDataset(path, { samples: 10 + datasets++ });
  return path;
}

describe('16.1 an upload of bytes the service has already', () => {
  it('says so on stderr and in the --json result, naming the existing id', async () => {
    const path = await freshDataset('dup.jsonl');
    const first = JSON.parse((await runCli(['upload', path, '--json'], env)).stdout);
    expect(first.already_existed).toBeUndefined();
    const human = await runCli(['upload', path], env);
    expect(human.code).toBe(0);
    expect(human.stderr.trim()).toBe(
      `already uploaded as ${first.id} (the service had the same bytes; nothing was sent)`,
    );
    const json = await runCli(['upload', path, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: first.id, already_existed: true });
    expect(json.stderr).toBe('');
  });

  it('warns when the stored purpose and name differ from the ones asked for, and --json carries them', async () => {
    const path = await freshDataset('kept.jsonl');
    const first = JSON.parse((await runCli(['upload', path, '--json'], env)).stdout);
    const again = await runCli(
      ['upload', path, '--purpose', 'batch-api', '--filename', 'asked.jsonl', '--json'],
      env,
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      id: first.id,
      purpose: 'fine-tune',
      filename: 'kept.jsonl',
      already_existed: true,
      requested_purpose: 'batch-api',
      requested_filename: 'asked.jsonl',
    });
    expect(again.stderr).toContain(
      `warning: ${first.id} keeps its purpose fine-tune, not batch-api as asked`,
    );
    expect(again.stderr).toContain(
      `warning: ${first.id} keeps its name kept.jsonl, not asked.jsonl as asked`,
    );
  });
});

describe('16.2-16.4 errors name the URL used and say what to do', () => {
  it('names the --base-url that was used, not the environment one', async () => {
    const result = await runCli(['list', '--base-url', 'http://127.0.0.1:9/v1'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not reach http://127.0.0.1:9/v1');
    expect(result.stderr).not.toContain(server.baseURL);
  }, 30_000);

  it('reports an upload with a bad key in one sentence per fact, with the hint list gives', async () => {
    const path = await freshDataset('badkey.jsonl');
    const result = await runCli(['upload', path], { ...env, TOGETHER_API_KEY: 'wrong-key' });
    expect(result.code).toBe(1);
    const line = result.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^upload .*badkey\.jsonl failed at the create step: [^.]+ \(HTTP 401, request id req_\w+\)\. Check --api-key or TOGETHER_API_KEY\.$/,
    );
    expect(line).not.toMatch(/Upload failed at step|Try again/);
  });

  it('reports an upload to a server that cannot be reached with the URL it tried', async () => {
    const path = await freshDataset('unreachable.jsonl');
    const result = await runCli(['upload', path, '--base-url', 'http://127.0.0.1:9/v1'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed at the create step: could not reach http:\/\/127\.0\.0\.1:9\/v1 /);
    expect(result.stderr).toContain('Check --base-url or TOGETHER_BASE_URL');
  }, 60_000);

  it('suggests /v1 when the base URL lacks it', async () => {
    const list = await runCli(['list', '--base-url', server.url], env);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain(`(HTTP 404`);
    expect(list.stderr.trim()).toMatch(new RegExp(`try --base-url ${server.url}/v1\\.$`));
    expect(list.stderr).not.toContain('Check the id');
    const retrieve = await runCli(['retrieve', 'file-x', '--base-url', server.url], env);
    expect(retrieve.stderr).toContain(`try --base-url ${server.url}/v1`);
    // With /v1 in place, a 404 of an id is about the id only.
    const missing = await runCli(['retrieve', 'file-x'], env);
    expect(missing.stderr).toContain('Check the id with `together-files list`.');
    expect(missing.stderr).not.toContain('/v1');
  });
});

describe('16.5 running the CLI from a clone', () => {
  it('`pnpm together-files` runs the built CLI from the root, and serve suggests that form', async () => {
    const pnpm = join(repoRoot, 'node_modules', '.bin', 'pnpm');
    const { stdout } = await promisify(execFile)(pnpm, ['--silent', 'together-files', '--version'], {
      cwd: repoRoot,
      env: cliEnv(),
    });
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8'));
    expect(stdout.trim()).toBe(version);
  });

  it("serve's banner suggests the form that runs: `pnpm together-files` under the root script", async () => {
    for (const [lifecycle, expected] of [
      ['together-files', 'pnpm together-files list'],
      [undefined, ' together-files list'],
    ] as const) {
      const child = startCli(['serve', '--port', '0'], { npm_lifecycle_event: lifecycle });
      let stdout = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      await until(() => stdout.includes('try:'));
      child.kill('SIGTERM');
      expect((await finished(child)).code).toBe(0);
      expect(stdout).toContain(expected);
      if (lifecycle === undefined) expect(stdout).not.toContain('pnpm');
    }
  });
});

describe('16.8 one order everywhere', () => {
  it('lists oldest first in the table, --json and --quiet alike', async () => {
    const ids: string[] = [];
    for (const name of ['order-a.jsonl', 'order-b.jsonl']) {
      ids.push((await runCli(['upload', await freshDataset(name), '--quiet'], env)).stdout.trim());
    }
    const quiet = (await runCli(['list', '-q'], env)).stdout.trim().split('\n');
    const json = JSON.parse((await runCli(['list', '--json'], env)).stdout).data.map(
      (file: { id: string }) => file.id,
    );
    const table = (await runCli(['list'], env)).stdout
      .split('\n')
      .map((line) => /file-[\w-]+/.exec(line)?.[0])
      .filter((id): id is string => id !== undefined);
    expect(json).toEqual(quiet);
    expect(table).toEqual(quiet);
    const listed: Array<{ id: string; created_at: number }> = JSON.parse(
      (await runCli(['list', '--json'], env)).stdout,
    ).data;
    const [first, second] = ids.map((id) => listed.find((file) => file.id === id)!);
    // Uploaded one after the other: the first is older, or of the same second, where the id decides.
    const firstIsOlder =
      first!.created_at < second!.created_at ||
      (first!.created_at === second!.created_at && first!.id.localeCompare(second!.id) < 0);
    expect(quiet.indexOf(ids[0]!) < quiet.indexOf(ids[1]!)).toBe(firstIsOlder);
    const created = listed.map((file) => file.created_at);
    expect(created).toEqual([...created].sort((a: number, b: number) => a - b));
  });
});

describe('16.9 the smaller ones', () => {
  it('refuses an empty id as bad usage (exit 2), without a double space', async () => {
    for (const command of ['retrieve', 'delete', 'retrieve-content', 'wait']) {
      const result = await runCli([command, ''], env);
      expect(result.code, command).toBe(2);
      expect(result.stderr).toContain('the file id must not be empty');
      expect(result.stderr).not.toContain('  ');
    }
  });

  it('shows the status column in one lower-case vocabulary', async () => {
    await runCli(['upload', await freshDataset('status.jsonl'), '--quiet'], env);
    await writeFile(join(workDir, 'batch.jsonl'), '{"custom_id":"1","body":{}}\n');
    await runCli(['upload', join(workDir, 'batch.jsonl'), '--purpose', 'batch-api', '--no-check'], env);
    const table = (await runCli(['list'], env)).stdout;
    expect(table).not.toMatch(/COMPLETED|QUEUED|RUNNING|INVALID_FORMAT/);
    expect(table).toMatch(/│ (queued|running|completed)\s+│/);
    expect(table).toMatch(/│ uploaded\s+│/);
  });

  it('refuses --filename with a folder in it, naming what would have been stored', async () => {
    const result = await runCli(
      ['upload', await freshDataset('named.jsonl'), '--filename', 'bad/name.jsonl'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"bad/name.jsonl" would be stored as "name.jsonl"');
  });

  it('names the port in use and suggests --port 0', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const port = (taken.address() as { port: number }).port;
    const before = (await readdir(tmpdir())).filter((name) => name.startsWith('together-files-server-'));
    try {
      const result = await runCli(['serve', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        `serve failed: port ${port} on 127.0.0.1 is in use. Stop what listens there, or pass --port 0 to pick a free port.`,
      );
    } finally {
      taken.close();
    }
    // The temp store it had made is gone again.
    const after = (await readdir(tmpdir())).filter((name) => name.startsWith('together-files-server-'));
    expect(after.filter((name) => !before.includes(name))).toEqual([]);
  });

  it('tells a missing file to check the path, not to fix the file', async () => {
    const result = await runCli(['check', join(workDir, 'missing.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Check the path\.$/m);
    expect(result.stderr).not.toContain('Fix the file');
  });

  it('tells a CSV for fine-tuning that --purpose eval takes CSV, in check and in upload', async () => {
    const csv = join(workDir, 'table.csv');
    await writeFile(csv, 'question,answer\n1,2\n');
    const check = await runCli(['check', csv]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('--purpose eval takes .csv files.');
    server.clearRequests();
    const upload = await runCli(['upload', csv], env);
    expect(upload.code).toBe(2);
    expect(upload.stderr.trim()).toBe(
      `error: cannot upload ${csv}: --purpose fine-tune takes .jsonl, .parquet files; --purpose eval takes .csv files.`,
    );
    expect(server.requests).toEqual([]);
    expect((await runCli(['upload', csv, '--purpose', 'eval', '--quiet'], env)).code).toBe(0);
  });
});

describe.skipIf(!hasScript)('16.10 retrieve-content to a terminal saves a file', () => {
  it("writes to the file's name in the current folder, prints the path, and keeps an existing file", async () => {
    const path = await freshDataset('saved.jsonl');
    const id = (await runCli(['upload', path, '--quiet'], env)).stdout.trim();
    const folder = await mkdtemp(join(workDir, 'cwd-'));
    const saved = await onTerminal(['retrieve-content', id], env, { cwd: folder });
    expect(saved.code).toBe(0);
    expect(saved.output).toContain(`to ${join(folder, 'saved.jsonl')}\n`);
    expect(readFileSync(join(folder, 'saved.jsonl'))).toEqual(readFileSync(path));

    await writeFile(join(folder, 'saved.jsonl'), 'mine');
    const refused = await onTerminal(['retrieve-content', id], env, { cwd: folder });
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('saved.jsonl, which exists already: pass --force');
    expect(readFileSync(join(folder, 'saved.jsonl'), 'utf8')).toBe('mine');

    const forced = await onTerminal(['retrieve-content', id, '--force', '--quiet'], env, { cwd: folder });
    expect(forced).toEqual({ code: 0, output: `${join(folder, 'saved.jsonl')}\n` });
    expect(readFileSync(join(folder, 'saved.jsonl'))).toEqual(readFileSync(path));
    expect(existsSync(join(folder, id))).toBe(false);
  });

  it('still streams to stdout when stdout is a pipe', async () => {
    const path = await freshDataset('piped.jsonl');
    const id = (await runCli(['upload', path, '--quiet'], env)).stdout.trim();
    const piped = await runCli(['retrieve-content', id], env);
    expect(piped.stdout).toBe(readFileSync(path, 'utf8'));
  });
});
