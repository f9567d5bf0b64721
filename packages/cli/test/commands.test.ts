import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { runCli, writeBrokenDataset, writeDataset } from './helpers.js';

const API_KEY = 'cli-test-key';
let server: ServerHandle;
let workDir: string;
let dataset: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer({ apiKey: API_KEY });
  workDir = await mkdtemp(join(tmpdir(), 'together-files-cli-'));
  dataset = join(workDir, 'train.jsonl');
  await writeDataset(dataset, { samples: 50 });
  env = { TOGETHER_API_KEY: API_KEY, TOGETHER_BASE_URL: server.baseURL };
});

afterAll(async () => {
  await server?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('help, version and usage errors', () => {
  it('prints the version and the commands with exit code 0', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(packageJson.version);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'upload',
      'list',
      'retrieve',
      'retrieve-content',
      'delete',
      'check',
      'wait',
      'serve',
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect(help.stdout).toContain('Exit codes');
  });

  it('exits 2 with one line for an unknown command, a missing argument or a bad option value', async () => {
    const unknown = await runCli(['uplaod', 'x.jsonl'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'uplaod'/);
    const missing = await runCli(['retrieve'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain("missing required argument 'id'");
    const purpose = await runCli(['upload', dataset, '--purpose', 'vision'], env);
    expect(purpose.code).toBe(2);
    expect(purpose.stderr).toContain('fine-tune, eval, batch-api');
  });

  it('exits 2 and says how to give a key when there is none', async () => {
    const result = await runCli(['list'], { TOGETHER_BASE_URL: server.baseURL });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('error: no API key: pass --api-key <key> or set TOGETHER_API_KEY.');
  });

  it('prints a JSON error object on stdout for a usage error under --json', async () => {
    const result = await runCli(['retrieve', '--json'], env);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.name).toBe('UsageError');
  });
});

describe('check', () => {
  it('passes a good dataset (exit 0) and prints the report as JSON', async () => {
    const human = await runCli(['check', dataset]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Checks passed');
    expect(human.stdout).toMatch(/samples\s+50/);
    const json = await runCli(['check', dataset, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.is_check_passed).toBe(true);
    expect(report.num_samples).toBe(50);
  });

  it('fails a broken dataset with exit 1 and names the line', async () => {
    const broken = join(workDir, 'broken-check.jsonl');
    await writeBrokenDataset(broken, 3);
    const human = await runCli(['check', broken]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Check failed');
    expect(human.stderr).toMatch(/line 3/i);
    const json = await runCli(['check', broken, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.is_check_passed).toBe(false);
    expect(report.line_number).toBe(3);
  });
});

describe('warnings (issue 12): semantic findings do not block; --strict does', () => {
  let warned: string;
  beforeAll(async () => {
    warned = join(workDir, 'warned.jsonl');
    const good = {
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
    };
    const badRole = {
      messages: [
        { role: 'robot', content: 'q' },
        { role: 'assistant', content: 'a' },
      ],
    };
    await writeFile(warned, `${[good, badRole, good].map((line) => JSON.stringify(line)).join('\n')}\n`);
  });

  it('check passes with exit 0 and prints the warnings after the verdict; --strict exits 1', async () => {
    const human = await runCli(['check', warned]);
    expect(human.code).toBe(0);
    const verdict = human.stdout.indexOf('Checks passed');
    const warning = human.stdout.indexOf('Line 2: message 1 has role "robot"');
    expect(verdict).toBeGreaterThanOrEqual(0);
    expect(warning).toBeGreaterThan(verdict);
    const json = JSON.parse((await runCli(['check', warned, '--json'])).stdout);
    expect(json).toMatchObject({
      is_check_passed: true,
      warning_count: 1,
      warnings: [{ line: 2, rule: 'role' }],
    });
    const strict = await runCli(['check', warned, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/failed \(--strict\): 1 warning, the first: Line 2:/);
  });

  it('upload takes the file and prints the warnings after it; upload --strict refuses it before any request', async () => {
    const upload = await runCli(['upload', warned], env);
    expect(upload.code).toBe(0);
    expect(upload.stdout).toMatch(/file-/);
    expect(upload.stderr).toContain('Line 2: message 1 has role "robot"');
    server.clearRequests();
    const strict = await runCli(['upload', warned, '--strict'], env);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/refused by the local check: .*strict.*Line 2/i);
    expect(server.requests.filter((request) => request.route === 'createUpload')).toHaveLength(0);
  });
});

describe('the file lifecycle', () => {
  let fileId: string;

  it('uploads with --json: stdout is the file object, stderr has no progress', async () => {
    const result = await runCli(['upload', dataset, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const file = JSON.parse(result.stdout);
    expect(file.id).toMatch(/^file-/);
    expect(file.filename).toBe('train.jsonl');
    expect(file.purpose).toBe('fine-tune');
    fileId = file.id;
  });

  it('uploads with --quiet and --filename, printing only the id; flags beat the environment', async () => {
    // Other bytes than `dataset`: the service answers an upload of known bytes with the file it already has.
    const other = join(workDir, 'other.jsonl');
    await writeDataset(other, { samples: 7 });
    const result = await runCli(
      [
        'upload',
        other,
        '--quiet',
        '--filename',
        'renamed.jsonl',
        '--base-url',
        server.baseURL,
        '--api-key',
        API_KEY,
      ],
      { TOGETHER_API_KEY: 'wrong-key', TOGETHER_BASE_URL: 'http://127.0.0.1:9/v1' },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^file-[^\s]+$/);
    const retrieved = await runCli(['retrieve', result.stdout.trim(), '--json'], env);
    expect(JSON.parse(retrieved.stdout).filename).toBe('renamed.jsonl');
  });

  it('lists the files as a table and as JSON', async () => {
    const human = await runCli(['list'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ID.*NAME.*SIZE.*PURPOSE.*TYPE.*CREATED.*STATUS/);
    expect(human.stdout).toContain(fileId);
    expect(human.stdout).toMatch(/\d+(\.\d)? (B|KiB)/);
    const json = await runCli(['list', '--json'], env);
    const list = JSON.parse(json.stdout);
    expect(list.data.map((file: { id: string }) => file.id)).toContain(fileId);
  });

  it('retrieves a file, human and JSON', async () => {
    const human = await runCli(['retrieve', fileId], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`id\\s+${fileId}`));
    expect(human.stdout).toMatch(/filename\s+train\.jsonl/);
    const json = JSON.parse((await runCli(['retrieve', fileId, '--json'], env)).stdout);
    expect(json.id).toBe(fileId);
  });

  it('waits for processing and prints the final state', async () => {
    const result = await runCli(['wait', fileId, '--json', '--interval', '0.05'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).processing_status).toBe('COMPLETED');
  });

  it('downloads to --output (JSON with path, bytes, sha256) and streams to stdout', async () => {
    const original = await readFile(dataset);
    const sha256 = createHash('sha256').update(original).digest('hex');
    const output = join(workDir, 'downloaded.jsonl');
    const saved = await runCli(['retrieve-content', fileId, '--output', output, '--json'], env);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ bytes: original.byteLength, sha256 });
    expect(await readFile(output)).toEqual(original);
    const streamed = await runCli(['retrieve-content', fileId], env);
    expect(streamed.code).toBe(0);
    expect(streamed.stdout).toBe(original.toString('utf8'));
  });

  it('refuses retrieve-content --json without --output (stdout would mix bytes and JSON)', async () => {
    const result = await runCli(['retrieve-content', fileId, '--json'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs --output');
  });

  it('deletes a file; retrieving it then fails with exit 1, one line and the request id', async () => {
    const deleted = await runCli(['delete', fileId, '--json'], env);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ id: fileId, deleted: true });
    const missing = await runCli(['retrieve', fileId], env);
    expect(missing.code).toBe(1);
    const lines = missing.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^retrieve ${fileId} failed: .*HTTP 404, request id req_\\w+.*together-files list`),
    );
    const json = await runCli(['retrieve', fileId, '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'NotFoundError', status: 404 });
  });
});

describe('failures', () => {
  it('refuses a broken dataset before sending anything, naming its line', async () => {
    const broken = join(workDir, 'broken-upload.jsonl');
    await writeBrokenDataset(broken, 5);
    server.clearRequests();
    const result = await runCli(['upload', broken], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^upload .*broken-upload\.jsonl refused by the local check: .*line 5.*--no-check/i,
    );
    expect(server.requests.filter((request) => request.route === 'createUpload')).toHaveLength(0);
    const json = await runCli(['upload', broken, '--json'], env);
    expect(JSON.parse(json.stdout).error).toMatchObject({ name: 'FileCheckError', line_number: 5 });
  });

  it('uploads a broken dataset with --no-check; wait then exits 1 with the validation error', async () => {
    const broken = join(workDir, 'broken-unchecked.jsonl');
    await writeBrokenDataset(broken, 2);
    const upload = await runCli(['upload', broken, '--no-check', '--quiet'], env);
    expect(upload.code).toBe(0);
    const id = upload.stdout.trim();
    const human = await runCli(['wait', id, '--interval', '0.05'], env);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/status\s+invalid format/);
    const lines = human.stderr.trim().split('\n');
    expect(lines[0]).toBe(`waiting for ${id} to be processed...`);
    expect(lines[1]).toMatch(new RegExp(`^processing of ${id} ended in invalid format: .*line 2`, 'i'));
    const json = await runCli(['wait', id, '--json'], env);
    expect(json.code).toBe(1);
    // The file object is the result; the failure goes to stderr only, so stdout stays one JSON document.
    expect(JSON.parse(json.stdout).processing_status).toBe('INVALID_FORMAT');
    const deleted = await runCli(['delete', id], env);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout.trim()).toBe(`Deleted ${id}.`);
  });

  it('reports a wrong API key as an API error (exit 1) with what to do', async () => {
    const result = await runCli(['list'], { ...env, TOGETHER_API_KEY: 'wrong-key' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^list failed: .*HTTP 401.*Check --api-key or TOGETHER_API_KEY\./);
  });

  it('reports a server that cannot be reached (exit 1) naming the URL', async () => {
    const result = await runCli(['list'], {
      TOGETHER_API_KEY: API_KEY,
      TOGETHER_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not reach http://127.0.0.1:9/v1');
  }, 30_000);

  it('reports a missing local file as a failed upload, not a crash', async () => {
    const result = await runCli(['upload', join(workDir, 'nope.jsonl')], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/not found/i);
    expect(await readdir(workDir)).not.toContain('nope.jsonl');
  });
});
