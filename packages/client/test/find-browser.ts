import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The one command that gets a Chromium the browser test can use (Playwright's own build, into its cache). */
export const GET_CHROMIUM = 'pnpm --filter @together-files/client exec playwright-core install chromium';

/** The usual places of a system Chromium or Chrome (Debian, Ubuntu, Fedora, snap, macOS). */
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Every Chromium in Playwright's cache (`PLAYWRIGHT_BROWSERS_PATH`, else ~/.cache/ms-playwright), newest first. */
function playwrightCache(env: NodeJS.ProcessEnv): string[] {
  const cache = env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  // The build this playwright-core would install, when the cache is the default one.
  const found = env.PLAYWRIGHT_BROWSERS_PATH ? [] : [chromium.executablePath()];
  let entries: string[] = [];
  try {
    entries = readdirSync(cache)
      .filter((name) => name.startsWith('chromium-'))
      .sort()
      .reverse();
  } catch {
    return found;
  }
  for (const entry of entries) {
    for (const folder of ['chrome-linux64', 'chrome-linux']) found.push(join(cache, entry, folder, 'chrome'));
  }
  return found;
}

/**
 * A Chromium for the browser test: `CHROMIUM_PATH` when set (and then only it), else the usual system paths, else
 * Playwright's cache. Throws an error that names where it looked and the one command that gets one.
 */
export function findChromium(
  options: { env?: NodeJS.ProcessEnv; usualPaths?: readonly string[] } = {},
): string {
  const env = options.env ?? process.env;
  const usualPaths = options.usualPaths ?? USUAL_PATHS;
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (existsSync(chosen)) return chosen;
    throw new Error(
      `CHROMIUM_PATH is ${chosen}, which does not exist. Fix it, or unset it and run: ${GET_CHROMIUM}`,
    );
  }
  const candidates = [...usualPaths, ...playwrightCache(env)];
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `The browser test needs Chromium and found none (looked at CHROMIUM_PATH, ${usualPaths.join(', ')} and ` +
      `Playwright's cache). Get one with:\n\n    ${GET_CHROMIUM}\n\n(or install your system's chromium, or set ` +
      'CHROMIUM_PATH to a Chromium or Chrome binary).',
  );
}
