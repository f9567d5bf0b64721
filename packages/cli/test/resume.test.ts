import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runCli, startCli, until } from './helpers.js';

const API_KEY = 'cli-resume-key';
const MiB = 1024 * 1024;
let server: ServerHandle;
let workDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer({ apiKey: API_KEY, recordHeaders: true });
  workDir = await mkdtemp(join(tmpdir(), 'together-files-cli-resume-'));
  env = {
    TOGETHER_API_KEY: API_KEY,
    TOGETHER_BASE_URL: server.baseURL,
    TOGETHER_FILES_STATE_DIR: join(workDir, 'state'),
  };
});
afterAll(async () => {
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
});

function confirmedParts(): number {
  const folder = join(workDir, 'state', 'uploads');
  if (!existsSync(folder)) return 0;
  const journal = readdirSync(folder).find((name) => name.endsWith('.json'));
  if (!journal) return 0;
  try {
    return Object.keys(JSON.parse(readFileSync(join(folder, journal), 'utf8')).confirmed).length;
  } catch {
    return 0;
  }
}

describe('upload resumes after the CLI was killed', () => {
  it('says "resuming: N of 4 parts already uploaded" and sends only the rest; flags set the part size', async () => {
    const data = randomBytes(20 * MiB);
    const path = join(workDir, 'big.jsonl');
    await writeFile(path, data);
    // Flags for the threshold and part size, the environment for the concurrency.
    const args = ['upload', path, '--purpose', 'batch-api', '--no-check', '--json'];
    const sizes = ['--multipart-threshold', '5MiB', '--part-size', String(5 * MiB)];
    server.faults.add({ route: 'storagePut', delayMs: 400, times: 4 });
    const first = startCli([...args, ...sizes], { ...env, TOGETHER_FILES_CONCURRENCY: '1' });
    const done = finished(first);
    await until(() => confirmedParts() >= 2, 30_000);
    const confirmed = confirmedParts();
    first.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    server.faults.clear();
    server.clearRequests();

    const second = await runCli([...args, ...sizes], { ...env, TOGETHER_FILES_CONCURRENCY: '1' });
    expect(second.code, second.stderr).toBe(0);
    const puts = server.requests.filter((request) => request.route === 'storagePut');
    expect(puts.length).toBeLessThanOrEqual(4 - confirmed);
    const file = JSON.parse(second.stdout);
    expect(file.bytes).toBe(data.length);
    const content = await fetch(`${server.baseURL}/files/${file.id}/content`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(Buffer.from(await content.arrayBuffer()).equals(data)).toBe(true);
  });

  it('prints the note on stderr in the human view', async () => {
    const path = join(workDir, 'note.jsonl');
    await writeFile(path, randomBytes(11 * MiB));
    const args = ['upload', path, '--purpose', 'batch-api', '--no-check', '--multipart-threshold', '5MiB'];
    server.faults.add({ route: 'storagePut', delayMs: 400, times: 3 });
    const first = startCli([...args, '--part-size', '5MiB', '--concurrency', '1'], env);
    const done = finished(first);
    await until(() => confirmedParts() >= 1, 30_000);
    first.kill('SIGKILL');
    await done;
    server.faults.clear();
    const second = await runCli([...args, '--part-size', '5MiB', '--concurrency', '1'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming: [12] of 3 parts already uploaded/);
  });

  it('Ctrl-C (a real SIGINT) pauses: exit 130, the journal and the upload stay, and the same command resumes', async () => {
    const data = randomBytes(20 * MiB);
    const path = join(workDir, 'ctrl-c.jsonl');
    await writeFile(path, data);
    const args = ['upload', path, '--purpose', 'batch-api', '--no-check', '--multipart-threshold', '5MiB'];
    const sizes = ['--part-size', '5MiB', '--concurrency', '1'];
    server.clearRequests();
    server.faults.add({ route: 'storagePut', delayMs: 400, times: 4 });
    const first = startCli([...args, ...sizes], env);
    const done = finished(first);
    await until(() => confirmedParts() >= 1, 30_000);
    first.kill('SIGINT');
    const interrupted = await done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toMatch(
      /paused \(Ctrl-C\): [1-3] of 4 parts are uploaded\. Run the same command again to resume, or add --no-resume/,
    );
    const kept = confirmedParts();
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(server.requests.some((request) => request.route === 'abortMultipartUpload')).toBe(false);
    server.faults.clear();
    server.clearRequests();

    const second = await runCli([...args, ...sizes], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resuming: ${kept} of 4 parts already uploaded`);
    expect(server.requests.filter((request) => request.route === 'storagePut').length).toBe(4 - kept);
    const listed = await fetch(`${server.baseURL}/files`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const files = ((await listed.json()) as { data: Array<{ id: string; filename: string }> }).data;
    const file = files.find((entry) => entry.filename === 'ctrl-c.jsonl')!;
    expect(second.stdout).toContain(file.id);
    const content = await fetch(`${server.baseURL}/files/${file.id}/content`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(Buffer.from(await content.arrayBuffer()).equals(data)).toBe(true);
    expect(confirmedParts()).toBe(0);
  });

  it('a bad --part-size is a usage error', async () => {
    const result = await runCli(['upload', join(workDir, 'x.jsonl'), '--part-size', 'lots'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--part-size must be a whole number of bytes/);
  });
});

describe('retrieve-content -o continues a partial file', () => {
  it('asks for the rest with Range and If-Range and says so', async () => {
    const data = randomBytes(12 * MiB);
    await writeFile(join(workDir, 'dl.jsonl'), data);
    const up = await runCli(
      ['upload', join(workDir, 'dl.jsonl'), '--purpose', 'batch-api', '--no-check', '--json'],
      env,
    );
    const { id } = JSON.parse(up.stdout);
    const head = await fetch(`${server.baseURL}/files/${id}/content`, {
      headers: { authorization: `Bearer ${API_KEY}`, range: 'bytes=0-0' },
    });
    await head.arrayBuffer();
    // What a killed run leaves: the first 5 MiB, described by the content's validators.
    const output = join(workDir, 'out.bin');
    const partial = join(workDir, '.out.bin.partial');
    await writeFile(partial, data.subarray(0, 5 * MiB));
    await writeFile(
      `${partial}.json`,
      JSON.stringify({
        url: `${server.baseURL}/files/${id}/content`,
        etag: head.headers.get('etag'),
        lastModified: head.headers.get('last-modified'),
        size: data.length,
      }),
    );
    server.clearRequests();
    const result = await runCli(['retrieve-content', id, '-o', output], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/resuming: 5(\.0)? MiB of 12(\.0)? MiB already downloaded/);
    const request = server.requests.find((entry) => entry.route === 'retrieveFileContent');
    expect(request?.headers.range).toBe(`bytes=${5 * MiB}-`);
    expect(request?.headers['if-range']).toBe(head.headers.get('etag'));
    expect((await readFile(output)).equals(data)).toBe(true);
    expect(existsSync(partial)).toBe(false);
  });
});
