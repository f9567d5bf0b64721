/**
 * Runs one measured task in a fresh Node child process, so each client's peak memory is its own (the server runs
 * in yet another process). The child prints one `@@result {json}` line; everything else it prints is passed on
 * only when the task fails.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const childEntry = fileURLToPath(new URL('../tasks/child.mjs', import.meta.url));
const resultMarker = '@@result ';

/**
 * Runs `bench/tasks/<task>.mjs` with `args` in a child; resolves to its result `{ ms, peakRssBytes, ... }`.
 * `options.killed`: the task ends by SIGKILLing itself after printing its result (upload-killed.mjs).
 */
export function runTask(task, args, options = {}) {
  const timeoutMs = options.timeoutMs ?? 600_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childEntry, task, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = output.split('\n').find((text) => text.startsWith(resultMarker));
      // A task that kills itself (a crash) prints its result before it dies.
      if ((code === 0 || (options.killed && signal === 'SIGKILL')) && line) {
        resolve(JSON.parse(line.slice(resultMarker.length)));
        return;
      }
      const reason = signal ? `killed by ${signal}` : `exit code ${code}`;
      reject(new Error(`task ${task} failed (${reason}):\n${output.slice(-4000)}`));
    });
  });
}
