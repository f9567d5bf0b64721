import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findChromium, GET_CHROMIUM } from './find-browser.js';

const dir = mkdtempSync(join(tmpdir(), 'find-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBinary(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('findChromium', () => {
  test('takes CHROMIUM_PATH first, and says how to fix it when it points nowhere', () => {
    const binary = fakeBinary(join(dir, 'mine', 'chromium'));
    expect(findChromium({ env: { CHROMIUM_PATH: binary }, usualPaths: [] })).toBe(binary);
    expect(() => findChromium({ env: { CHROMIUM_PATH: join(dir, 'nope') }, usualPaths: [] })).toThrow(
      GET_CHROMIUM,
    );
  });

  test('then the usual paths, then the newest Chromium in Playwright cache', () => {
    const usual = fakeBinary(join(dir, 'usr', 'bin', 'chromium'));
    const cache = join(dir, 'ms-playwright');
    expect(findChromium({ env: { PLAYWRIGHT_BROWSERS_PATH: cache }, usualPaths: [usual] })).toBe(usual);
    fakeBinary(join(cache, 'chromium-1100', 'chrome-linux', 'chrome'));
    const newest = fakeBinary(join(cache, 'chromium-1200', 'chrome-linux64', 'chrome'));
    expect(findChromium({ env: { PLAYWRIGHT_BROWSERS_PATH: cache }, usualPaths: [join(dir, 'none')] })).toBe(
      newest,
    );
  });

  test('with none anywhere, fails naming where it looked and the one command that gets one', () => {
    const empty = join(dir, 'empty-cache');
    let message = '';
    try {
      findChromium({ env: { PLAYWRIGHT_BROWSERS_PATH: empty }, usualPaths: ['/nowhere/chromium'] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('/nowhere/chromium');
    expect(message).toContain("Playwright's cache");
    expect(message).toContain(`\n    ${GET_CHROMIUM}\n`);
  });
});
