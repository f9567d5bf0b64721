// Runs the steps of `pnpm check` quietly: each step's output (stdout and stderr, interleaved) goes to a log file; a
// passing step prints one line, a failing one prints its line and then its whole log. A green run stays short and a
// red one loses nothing.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `steps` in order in `cwd`, logging to `<logDir>/<n>.log`, and returns the names of the steps that failed.
 * A failed step with `stopOnFailure` ends the run. `print` receives each line meant for the terminal.
 * @param {Array<{ name: string, command?: string, args: string[], stopOnFailure?: boolean }>} steps
 * @param {{ cwd: string, logDir: string, print?: (line: string) => void }} options
 * @returns {string[]}
 */
export function runSteps(steps, options) {
  const print = options.print ?? ((line) => console.log(line));
  mkdirSync(options.logDir, { recursive: true });
  const failedSteps = [];
  for (const [index, step] of steps.entries()) {
    const started = Date.now();
    const logFile = join(options.logDir, `${index + 1}.log`);
    const log = openSync(logFile, 'w');
    const result = spawnSync(step.command ?? 'pnpm', step.args, {
      cwd: options.cwd,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const ok = result.status === 0;
    print(`${ok ? 'ok    ' : 'FAILED'} ${step.name} (${seconds} s)`);
    if (ok) continue;
    print(`--- log of ${step.name} (${logFile}) ---`);
    print(readFileSync(logFile, 'utf8').trimEnd());
    if (result.error) print(String(result.error));
    print(`--- end of ${step.name} ---`);
    failedSteps.push(step.name);
    if (step.stopOnFailure) break;
  }
  return failedSteps;
}
