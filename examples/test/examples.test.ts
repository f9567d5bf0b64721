// Runs every example as a user would (compiled JavaScript, in a child process, configured through the environment)
// against the local server, and checks what it printed and what it did to the server's files.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Together } from '@together-files/client';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const examplesDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
const API_KEY = 'examples-key';

let workDir: string;

function chatLine(index: number): string {
  return JSON.stringify({
    messages: [
      { role: 'user', content: `Name a prime number greater than ${index}.` },
      { role: 'assistant', content: 'Here is one: 101.' },
    ],
  });
}

async function writeDataset(name: string, lines: string[]): Promise<string> {
  const path = join(workDir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  // The examples are compiled exactly as `pnpm build` does it (tsc to examples/dist), so what runs is what was typed.
  await promisify(execFile)(tsc, ['-p', join(examplesDir, 'tsconfig.json')], { cwd: examplesDir });
  workDir = await mkdtemp(join(tmpdir(), 'together-files-examples-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Runs one compiled example with the environment a user would set; never blocks this thread (the server is here). */
async function runExample(options: { server: ServerHandle; kind: string; name: string; args?: string[] }) {
  const script = join(examplesDir, 'dist', options.kind, `${options.name}.js`);
  const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
    cwd: workDir,
    env: { ...process.env, TOGETHER_API_KEY: API_KEY, TOGETHER_BASE_URL: options.server.baseURL },
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
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`${options.kind}/${options.name} exited with ${code}:\n${stderr}`);
  return stdout;
}

describe.each(['promise', 'sync'])('the %s examples', (kind) => {
  let server: ServerHandle;
  let client: Together;
  let good: string;
  let other: string;
  let broken: string;
  const run = (name: string, args: string[] = []) => runExample({ server, kind, name, args });

  beforeAll(async () => {
    server = await startServer({ apiKey: API_KEY });
    client = new Together({ apiKey: API_KEY, baseURL: server.baseURL });
    good = await writeDataset(`${kind}-good.jsonl`, [chatLine(1), chatLine(2), chatLine(3)]);
    other = await writeDataset(`${kind}-other.jsonl`, [chatLine(4), chatLine(5)]);
    broken = await writeDataset(`${kind}-broken.jsonl`, [chatLine(6), chatLine(7), '{"messages": ']);
  });

  afterAll(async () => {
    await server?.close();
  });

  let uploadedId: string;

  it('upload-file: uploads a dataset and prints its id', async () => {
    const output = await run('upload-file', [good]);
    const match = output.match(/^Uploaded (\S+) \((\d+) bytes\) as (\S+)$/m);
    expect(match?.[1]).toBe(`${kind}-good.jsonl`);
    uploadedId = match![3]!;
    expect((await client.files.retrieve(uploadedId)).bytes).toBe(Number(match![2]));
    // The same bytes again: the example says the file was there already, naming it, and nothing new appears.
    const again = await run('upload-file', [good]);
    expect(again).toContain(`${good} was already uploaded as ${uploadedId} (${kind}-good.jsonl)`);
    expect((await client.files.list()).data).toHaveLength(1);
  });

  it('list-files: prints every file', async () => {
    const output = await run('list-files');
    expect(output).toContain(`${uploadedId}  ${kind}-good.jsonl`);
    expect(output).toMatch(/^1 files$/m);
  });

  it('retrieve-file: prints the metadata', async () => {
    const output = await run('retrieve-file', [uploadedId]);
    expect(output).toMatch(new RegExp(`^id:\\s+${uploadedId}$`, 'm'));
    expect(output).toMatch(/^purpose:\s+fine-tune$/m);
  });

  it('download-file: writes the content to a file', async () => {
    const output = await run('download-file', [uploadedId, `${kind}-copy.jsonl`]);
    expect(output).toMatch(/^sha256 [0-9a-f]{64}$/m);
    expect(await readFile(join(workDir, `${kind}-copy.jsonl`))).toEqual(await readFile(good));
  });

  it('fine-tune-workflow: prepares, checks, uploads and waits', async () => {
    const output = await run('fine-tune-workflow', [`${kind}-training.jsonl`]);
    expect(output).toContain('Check passed: 4 samples, conversation format');
    const id = output.match(/training_file="(\S+)"/)?.[1];
    expect(id).toBeDefined();
    expect((await client.files.retrieve(id!)).processing_status).toBe('COMPLETED');
    expect(existsSync(join(workDir, `${kind}-training.jsonl`))).toBe(true);
  });

  it('upload-many: uploads each file and reports the refused one with its line', async () => {
    const output = await run('upload-many', [good, broken, other]);
    expect(output).toMatch(new RegExp(`^refused .*${kind}-broken\\.jsonl: .*\\(line 3\\)$`, 'm'));
    expect(output).toMatch(/^2 of 3 files uploaded$/m);
  });

  it('concurrent-uploads: settles every upload, the refused one included', async () => {
    const output = await run('concurrent-uploads', [good, broken, other]);
    expect(output).toMatch(new RegExp(`^failed .*${kind}-broken\\.jsonl: `, 'm'));
    expect(output.match(/^uploaded /gm)).toHaveLength(2);
    expect(output).toMatch(/^2 of 3 uploads succeeded$/m);
  });

  it('cleanup-old-files: keeps recent files, then deletes everything older than 0 days', async () => {
    const before = (await client.files.list()).data.length;
    // Three distinct datasets went up (good, other, the workflow's); uploading known bytes returns the known file.
    expect(before).toBe(3);
    const keep = await run('cleanup-old-files', ['30']);
    expect(keep).toMatch(new RegExp(`^Deleted 0 files older than 30 days; ${before} kept$`, 'm'));
    // created_at has whole seconds: make sure the newest file is in a past second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const all = await run('cleanup-old-files', ['0']);
    expect(all).toMatch(new RegExp(`^Deleted ${before} files older than 0 days; 0 kept$`, 'm'));
    expect((await client.files.list()).data).toEqual([]);
  });
});
