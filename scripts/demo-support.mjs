// What the demo needs besides its steps: step reporting, progress for a terminal or a log, a file's sha256, and the
// local server in a child process.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Prints steps as `▸ title` then `✔ summary (seconds)`, and keeps their timings. */
export function createReporter({ out, colors }) {
  const timings = [];
  const print = (text = '') => out.write(`${text}\n`);
  const indent = (text) =>
    text
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n');
  /** Runs one step; a throw stops the demo (the caller cleans up). Resolves to the step's seconds. */
  async function step(title, action) {
    const started = performance.now();
    print(`${colors.cyan('▸')} ${title}`);
    const summary = await action();
    const seconds = (performance.now() - started) / 1000;
    timings.push({ title, seconds });
    print(`  ${colors.green('✔')} ${summary ?? 'done'} ${colors.dim(`(${seconds.toFixed(2)} s)`)}`);
    return seconds;
  }
  return { print, indent, step, timings };
}

/** The CLI's progress bar when stderr is a terminal; in a log, a line at each quarter. */
export function createProgress({ cli, label }) {
  if (process.stderr.isTTY)
    return cli.createTransferProgress({ label: `    ${label}`, stream: process.stderr });
  let nextQuarter = 1;
  return {
    update({ loaded, total }) {
      while (total > 0 && loaded >= (total * nextQuarter) / 4 && nextQuarter <= 4) {
        process.stderr.write(`    ${label} ${nextQuarter * 25}% (${cli.formatBytes(loaded)})\n`);
        nextQuarter += 1;
      }
    },
    stop() {},
  };
}

/** The sha256 of a file, hex, read as a stream. */
export async function sha256Of(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Starts `together-files serve --port 0 --json` (a temporary store) in a child process, so the sync client may
 * block this thread, and resolves once it listens: `{ url, baseURL, dataDir, stop(), kill() }`.
 */
export async function startServerProcess({ cliBin, apiKey }) {
  // Its own process group: Ctrl-C reaches the demo only, which then stops the server with one SIGTERM.
  const child = spawn(process.execPath, [cliBin, 'serve', '--port', '0', '--api-key', apiKey, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line),
    exited.then(([code]) => {
      throw new Error(`the server exited (code ${code}) before it listened`);
    }),
  ]);
  lines.close();
  // One SIGTERM only: the CLI treats a second signal as "stop now", which would skip removing the store.
  let signalled = false;
  const terminate = () => {
    if (signalled || child.exitCode !== null || child.signalCode !== null) return;
    signalled = true;
    child.kill('SIGTERM');
  };
  return {
    ...JSON.parse(first),
    /** SIGTERM, so the server closes and removes its store; SIGKILL after 5 s. */
    async stop() {
      terminate();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    /** For the last moment (a signal, `process.on('exit')`): nothing is awaited, the server still cleans up. */
    kill() {
      terminate();
    },
  };
}
