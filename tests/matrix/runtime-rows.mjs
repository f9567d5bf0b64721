/**
 * The rows of the runtime matrix beyond Node: Bun and Deno (the npm packages `bun` and `deno` carry their binaries),
 * workerd through Miniflare (with and without `nodejs_compat`), Chromium and Firefox (Debian's, driven by
 * playwright-core and by puppeteer-core over WebDriver BiDi). Every row runs fixtures/behaviour-table.mjs against
 * one local server; {@link judgeRow} holds what each must cover, so none passes with less. On Node, Bun and Deno a
 * second run goes through a forward proxy on loopback (HTTP_PROXY): {@link runProxyRow}.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The tools the consumer project installs for these rows (pinned: a new major must be a deliberate change). */
export const ROW_TOOLS = {
  bun: '1.4.5',
  deno: '2.9.6',
  miniflare: '4.20260426.0',
  esbuild: '0.25.12',
  'playwright-core': '1.65.1',
  'puppeteer-core': '24.43.1',
  proxy: '2.2.0',
};

const CHROMIUM = '/usr/bin/chromium';
const FIREFOX = '/usr/bin/firefox-esr';

/** What each kind of row must cover: which clients, which input kinds, and how it downloads. */
const COVERAGE = {
  fs: { clients: ['promise', 'sync'], inputs: ['path', 'blob', 'bytes'], download: 'path' },
  worker: { clients: ['promise'], inputs: ['blob', 'bytes'], download: 'stream' },
  browser: { clients: ['promise'], inputs: ['file', 'bytes'], download: 'stream' },
};

/**
 * Checks one row's report against the table and its kind's coverage. Resolves to `{ ok, output, summary }` per
 * client: ok only when every case of the table ran and passed with every input kind the runtime must take.
 */
export async function judgeRow(consumer, kind, report) {
  const { BEHAVIOURS } = await import(pathToFileURL(join(consumer, 'behaviour-table.mjs')).href);
  const coverage = COVERAGE[kind];
  return Object.fromEntries(
    coverage.clients.map((client) => {
      const got = report?.[client];
      const problems = [];
      if (!got) problems.push(`no report for the ${client} client`);
      else {
        if (got.inputs.join() !== coverage.inputs.join())
          problems.push(`inputs ${got.inputs} ≠ ${coverage.inputs}`);
        if (got.download !== coverage.download)
          problems.push(`download ${got.download} ≠ ${coverage.download}`);
        const names = got.results.map((result) => result.name);
        if (names.join('\n') !== BEHAVIOURS.join('\n')) problems.push(`cases ${names.join('; ')}`);
        for (const result of got.results.filter((item) => !item.ok))
          problems.push(`${result.name}: ${result.error}`);
      }
      const passed = got ? got.results.filter((result) => result.ok).length : 0;
      return [
        client,
        { ok: problems.length === 0, output: problems.join('\n'), summary: `${passed}/${BEHAVIOURS.length}` },
      ];
    }),
  );
}

/** Reads the `<tag> {json}` line a fixture prints (`MATRIX_RESULT` for a file-system row). */
export function parseRowOutput(stdout, tag = 'MATRIX_RESULT') {
  const line = stdout.split('\n').find((text) => text.startsWith(`${tag} `));
  return line ? JSON.parse(line.slice(tag.length + 1)) : undefined;
}

/**
 * Runs a fixture that prints `<tag> {json}`, asynchronously: the proxy or TLS front it talks to lives in this
 * process and must answer meanwhile. Resolves to the report, or `{ error }` with the output when none came (killed
 * after `timeout` ms).
 */
export async function runReportingChild(command, args, { cwd, env, tag, timeout }) {
  const child = spawn(command, args, { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
  await new Promise((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return parseRowOutput(stdout, tag) ?? { error: `no result:\n${stdout}${stderr}` };
}

/** Runs fixtures/row.mjs (or .cjs) with `command`; resolves to the report, or throws with the output. */
export function runFileSystemRow(command, args, { consumer, env }) {
  const result = spawnSync(command, args, {
    cwd: consumer,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...env },
  });
  const report = parseRowOutput(result.stdout ?? '');
  if (!report) {
    throw new Error(
      `${command} ${args.join(' ')} printed no result (status ${result.status}):\n${result.stdout}${result.stderr}${result.error ?? ''}`,
    );
  }
  return report;
}

/** The version line of a tool in the consumer's node_modules/.bin. */
export function toolVersion(consumer, name) {
  const result = spawnSync(join(consumer, 'node_modules', '.bin', name), ['--version'], { encoding: 'utf8' });
  return (result.stdout ?? '').split('\n')[0].trim();
}

async function bundle(consumer, entry, conditions) {
  const { build } = await import(
    pathToFileURL(join(consumer, 'node_modules', 'esbuild', 'lib', 'main.js')).href
  );
  // No `external`: a `node:` import left in the bundle fails the build, as wrangler fails without nodejs_compat.
  const result = await build({
    entryPoints: [join(consumer, entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions,
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** The Worker bundle run in workerd through Miniflare, once per set of compatibility flags. */
export async function runWorkerRows(consumer, { serverURL, apiKey }) {
  const script = await bundle(consumer, 'worker.mjs', ['workerd', 'worker', 'browser']);
  const { Miniflare } = await import(
    pathToFileURL(join(consumer, 'node_modules', 'miniflare', 'dist', 'src', 'index.js')).href
  );
  const reports = {};
  for (const [label, flags] of [
    ['workerd', []],
    ['workerd, nodejs_compat', ['nodejs_compat']],
  ]) {
    const miniflare = new Miniflare({
      modules: true,
      script,
      compatibilityDate: '2025-09-01',
      compatibilityFlags: flags,
      bindings: { SERVER_URL: serverURL, API_KEY: apiKey },
    });
    try {
      const response = await miniflare.dispatchFetch('http://worker.local/');
      const text = await response.text();
      try {
        reports[label] = JSON.parse(text);
      } catch {
        throw new Error(`the Worker answered ${response.status}: ${text.slice(0, 2000)}`);
      }
    } finally {
      await miniflare.dispose();
    }
  }
  return reports;
}

/** Sends a page's admin call on to the server from Node (no Origin), and its answer back. */
async function relayAdmin(serverURL, request, response) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  try {
    const answer = await fetch(`${serverURL}${request.url}`, {
      method: request.method,
      headers: {
        authorization: request.headers.authorization ?? '',
        'content-type': request.headers['content-type'] ?? 'application/json',
      },
      body,
    });
    response
      .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
      .end(Buffer.from(await answer.arrayBuffer()));
  } catch (error) {
    response.writeHead(502).end(String(error));
  }
}

/** The page bundle served from another origin than the API, run in Chromium and in Firefox. */
export async function runBrowserRows(consumer, { serverURL, apiKey }) {
  const script = await bundle(consumer, 'page.mjs', ['browser']);
  const pages = createServer((request, response) => {
    // The server refuses its admin routes to pages (issue 13, item 2): the page reaches them through this origin,
    // which relays them from Node, as a test harness outside the browser would.
    if (request.url?.startsWith('/_admin/')) return relayAdmin(serverURL, request, response);
    if (request.url === '/page.js')
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><script type="module" src="/page.js"></script>');
  });
  await new Promise((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${pages.address().port}`;
  const reports = {};
  const run = async (label, open) => {
    let browser;
    try {
      const opened = await open();
      browser = opened.browser;
      reports[label] = await opened.evaluate();
    } catch (error) {
      reports[label] = { error: String(error?.stack ?? error) };
    } finally {
      await browser?.close().catch(() => {});
    }
  };
  const call = `window.runMatrix(${JSON.stringify(serverURL)}, ${JSON.stringify(apiKey)})`;
  try {
    await run('Chromium', async () => {
      const { chromium } = await import(
        pathToFileURL(join(consumer, 'node_modules', 'playwright-core', 'index.mjs')).href
      );
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
        ],
      });
      const page = await browser.newPage();
      await page.goto(origin);
      await page.waitForFunction(() => typeof window.runMatrix === 'function');
      return { browser, evaluate: () => page.evaluate(call), version: browser.version() };
    });
    await run('Firefox', async () => {
      const puppeteer = (
        await import(
          pathToFileURL(
            join(consumer, 'node_modules', 'puppeteer-core', 'lib', 'esm', 'puppeteer', 'puppeteer-core.js'),
          ).href
        )
      ).default;
      const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
      const page = await browser.newPage();
      await page.goto(origin);
      await page.waitForFunction(() => typeof window.runMatrix === 'function');
      return { browser, evaluate: () => page.evaluate(call) };
    });
  } finally {
    await new Promise((resolve) => pages.close(resolve));
  }
  return reports;
}

/** The versions of the browsers, as their binaries say. */
export function browserVersions() {
  return [CHROMIUM, FIREFOX].map((binary) => {
    const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    return (result.stdout ?? '').trim() || `${binary}: not found`;
  });
}

/**
 * fixtures/proxy-row.mjs with HTTP_PROXY pointing at a forward proxy on loopback (the npm `proxy` package, started
 * here): both clients upload a path, list and download. Ok when they got their files back and the proxy saw each of
 * those requests in absolute form, the storage PUTs included.
 */
export async function runProxyRow(command, args, { consumer, env }) {
  const { createProxy } = await import(
    pathToFileURL(join(consumer, 'node_modules', 'proxy', 'dist', 'proxy.js')).href
  );
  const proxy = createProxy(createServer());
  const seen = [];
  proxy.on('request', (request) => seen.push(`${request.method} ${request.url}`));
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  let report;
  try {
    report = await runReportingChild(command, args, {
      cwd: consumer,
      env: { ...process.env, ...env, HTTP_PROXY: `http://127.0.0.1:${proxy.address().port}`, NO_PROXY: '' },
      tag: 'MATRIX_PROXY',
      timeout: 120_000,
    });
  } finally {
    await new Promise((resolve) => proxy.close(resolve));
  }
  const url = env.MATRIX_SERVER_URL;
  const problems = report.error ? [report.error] : [];
  for (const client of ['promise', 'sync']) {
    const got = report[client];
    if (!got) continue;
    if (!got.listed || !got.copied) problems.push(`${client}: listed ${got.listed}, copied ${got.copied}`);
    for (const expected of [`POST ${url}/v1/files`, `GET ${url}/v1/files/${got.id}/content`]) {
      if (!seen.includes(expected)) problems.push(`${client}: the proxy did not see ${expected}`);
    }
  }
  const puts = seen.filter((request) => request.startsWith(`PUT ${url}/storage/`)).length;
  if (puts < 2) problems.push(`the proxy saw ${puts} storage PUTs, not 2`);
  if (!seen.includes(`GET ${url}/v1/files`)) problems.push('the proxy did not see the list');
  return {
    ok: problems.length === 0,
    output: `${problems.join('\n')}\nthe proxy saw:\n${seen.join('\n')}`,
    summary: `${seen.length} via proxy`,
  };
}
