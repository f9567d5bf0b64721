/**
 * Bad inputs for the CLI (the built `together-files` command as a subprocess, with `--json`): each must exit with
 * its code (1 failed, 2 bad usage) and print one JSON error naming the class, plus a line for people on stderr.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogueEnv, CliOutcome } from './catalogue-env.js';

/** One CLI case. */
export interface CliCase {
  name: string;
  local: boolean;
  run(env: CatalogueEnv): Promise<CliOutcome>;
  exitCode: number;
  error: string;
  message: RegExp;
  status?: number;
  lineNumber?: number;
  /** Extra checks on the run (what stderr must not hold, for instance). */
  inspect?(outcome: CliOutcome): void;
}

/** Throws when human output holds a control character a terminal would act on (issue 13). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
function expectNoTerminalControls(outcome: CliOutcome): void {
  if (TERMINAL_CONTROL.test(outcome.stderr)) {
    throw new Error(`stderr holds raw control characters: ${JSON.stringify(outcome.stderr)}`);
  }
}

/** The CLI catalogue. */
export const cliCases: CliCase[] = [
  {
    name: 'serve --data on a folder that holds other things',
    local: true,
    run: async (env) => {
      const folder = await mkdtemp(join(tmpdir(), 'together-files-not-a-store-'));
      try {
        await writeFile(join(folder, 'thesis.tex'), 'mine');
        const outcome = await env.cli(['serve', '--port', '0', '--data', folder, '--json']);
        const left = await readdir(folder);
        if (left.join() !== 'thesis.tex') throw new Error(`the folder changed: ${left.join(', ')}`);
        return outcome;
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    exitCode: 1,
    error: 'Error',
    message: /holds other things \(thesis\.tex\) and is not a together-files store/,
  },
  {
    name: 'serve --public-url with a path (storage URLs take an origin only)',
    local: true,
    run: (env) =>
      env.cli([
        'serve',
        '--port',
        '0',
        '--host',
        '0.0.0.0',
        '--public-url',
        'http://files.internal/v1',
        '--json',
      ]),
    exitCode: 1,
    error: 'Error',
    message: /Invalid public URL "http:\/\/files\.internal\/v1": give the origin only, without a path/,
  },
  {
    name: 'retrieve of an id holding terminal escapes (title change, screen clear)',
    local: true,
    run: (env) => env.cli(['retrieve', 'file-\u001b]0;pwned\u0007\u001b[2J', '--json']),
    exitCode: 1,
    error: 'TogetherError',
    message: /Not a valid file id/,
    inspect: expectNoTerminalControls,
  },
  {
    name: 'upload of a missing file',
    local: true,
    run: (env) => env.cli(['upload', env.files.missing, '--json']),
    exitCode: 1,
    error: 'TogetherError',
    message: /File not found/,
  },
  {
    name: 'upload of a directory',
    local: true,
    run: (env) => env.cli(['upload', env.files.directory, '--json']),
    exitCode: 1,
    error: 'TogetherError',
    message: /Not a regular file/,
  },
  {
    name: 'upload of a .txt file',
    local: true,
    run: (env) => env.cli(['upload', env.files.textExtension, '--json']),
    exitCode: 1,
    error: 'TogetherError',
    message: /Unsupported file extension/,
  },
  {
    name: 'upload with invalid JSON at line 10 000',
    local: true,
    run: (env) => env.cli(['upload', env.files.invalidJsonLine10000, '--json']),
    exitCode: 1,
    error: 'FileCheckError',
    message: /[Ll]ine 10000\b/,
    lineNumber: 10000,
  },
  {
    name: 'upload of a non-UTF-8 file',
    local: true,
    run: (env) => env.cli(['upload', env.files.notUtf8, '--json']),
    exitCode: 1,
    error: 'FileCheckError',
    message: /UTF-8/,
  },
  {
    name: 'upload with an unknown purpose',
    local: true,
    run: (env) => env.cli(['upload', env.files.valid, '--purpose', 'assistants', '--json']),
    exitCode: 2,
    error: 'UsageError',
    message: /'assistants' is invalid\. Allowed choices are fine-tune, eval, batch-api/,
  },
  {
    name: 'upload of a CSV for fine-tune',
    local: true,
    run: (env) => env.cli(['upload', env.files.csvForFineTune, '--json']),
    // A wrong flag for the file, refused before any request, naming the flag that fits (issue 16).
    exitCode: 2,
    error: 'UsageError',
    message: /--purpose eval takes \.csv files/,
  },
  {
    name: 'retrieve of a path-traversal id',
    local: true,
    run: (env) => env.cli(['retrieve', '../../etc/passwd', '--json']),
    exitCode: 1,
    error: 'TogetherError',
    message: /Not a valid file id/,
  },
  {
    name: 'no API key',
    local: true,
    run: (env) => env.cli(['list', '--json'], { TOGETHER_API_KEY: undefined }),
    exitCode: 2,
    error: 'UsageError',
    message: /no API key/,
  },
  {
    name: 'download into a missing folder',
    local: true,
    run: (env) =>
      env.cli(['retrieve-content', 'file-x', '--output', `${env.outputDir}/missing/x.jsonl`, '--json']),
    exitCode: 1,
    error: 'TogetherError',
    message: /folder of output does not exist/,
  },
  {
    name: 'wrong API key',
    local: false,
    run: (env) => env.cli(['list', '--json'], { TOGETHER_API_KEY: 'wrong-key' }),
    exitCode: 1,
    error: 'AuthenticationError',
    message: /Invalid API key/,
    status: 401,
  },
  {
    name: 'retrieve of an unknown id',
    local: false,
    run: (env) => env.cli(['retrieve', 'file-does-not-exist', '--json']),
    exitCode: 1,
    error: 'NotFoundError',
    message: /No file with id/,
    status: 404,
  },
  {
    name: 'unreachable base URL',
    local: false,
    run: (env) => env.cli(['list', '--json'], { TOGETHER_BASE_URL: env.unreachableBaseURL }),
    exitCode: 1,
    error: 'APIConnectionError',
    message: /Connection error/,
  },
];
