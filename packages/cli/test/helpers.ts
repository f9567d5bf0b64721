import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify, stripVTControlCharacters } from 'node:util';

/** The built binary: these tests run what users run. */
export const CLI_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** What one CLI run produced. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI run: no inherited key or URL, no colour, plus `env`. */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base = { ...process.env };
  delete base.TOGETHER_API_KEY;
  delete base.TOGETHER_BASE_URL;
  delete base.FORCE_COLOR;
  return { ...base, NO_COLOR: '1', ...env };
}

/** Starts `together-files <args>` with pipes (so neither stdout nor stderr is a terminal). */
export function startCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): ChildProcess {
  return spawn(process.execPath, [CLI_BIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects a started CLI's output until it exits. */
export async function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/** Runs `together-files <args>` to the end. */
export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  return finished(startCli(args, env));
}

/** One valid chat sample as a JSONL line. */
export function chatLine(index: number): string {
  return JSON.stringify({
    messages: [
      { role: 'system', content: 'You answer briefly.' },
      { role: 'user', content: `What is ${index} + ${index}?` },
      { role: 'assistant', content: `${index + index}.` },
    ],
  });
}

/** Writes a valid fine-tuning dataset of `samples` lines (padded to about `bytes` when given). */
export async function writeDataset(
  path: string,
  options: { samples: number; padding?: number },
): Promise<void> {
  const pad = options.padding ? ` ${'x'.repeat(options.padding)}` : '';
  const lines = Array.from({ length: options.samples }, (_, index) =>
    chatLine(index).replace('You answer briefly.', `You answer briefly.${pad}`),
  );
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** Writes a dataset whose line `badLine` is not JSON. */
export async function writeBrokenDataset(path: string, badLine: number): Promise<void> {
  const lines = Array.from({ length: badLine + 2 }, (_, index) =>
    index + 1 === badLine ? '{"messages": [' : chatLine(index),
  );
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** Waits until `condition` holds, polling every 20 ms, or fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether `script` (util-linux) is here: it runs a command on a pseudo-terminal, as in a user's shell. */
export const hasScript = spawnSync('script', ['--version']).status === 0;

function quote(argument: string): string {
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the CLI on a pseudo-terminal (stdout and stderr are both TTYs and land in `output`, without colour codes or
 * carriage returns) and resolves to its exit code and output. Asynchronous on purpose: a server in the test's
 * process must keep answering.
 */
export async function onTerminal(
  args: readonly string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string } = {},
): Promise<{ code: number; output: string }> {
  const command = [process.execPath, CLI_BIN, ...args].map(quote).join(' ');
  const clean = (text: string) => stripVTControlCharacters(text).replace(/\r/g, '');
  try {
    const { stdout } = await promisify(execFile)('script', ['-qfec', command, '/dev/null'], {
      env: cliEnv({ ...env, COLUMNS: '140' }),
      encoding: 'utf8',
      ...(options.cwd !== undefined && { cwd: options.cwd }),
    });
    return { code: 0, output: clean(stdout) };
  } catch (error) {
    // `script -e` exits with the command's code; execFile rejects on any code but 0.
    const failed = error as { code?: unknown; stdout?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: clean(failed.stdout ?? '') };
  }
}
