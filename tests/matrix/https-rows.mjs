/**
 * The matrix's https rows, on Node, Bun and Deno alike: the packed server behind a TLS front whose CA the runner
 * makes (tls-front.mjs), its public URL the https one, so the storage URLs it hands out are https too. Each runtime
 * runs fixtures/https-row.mjs with its own way of trusting a private CA, once without any (the untrusted certificate
 * must fail at once with a typed error that names the fix), through a forward proxy on loopback that must see
 * CONNECT tunnels only, and past it with NO_PROXY. Every runtime gets the same rows, so none passes with less.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runReportingChild } from './runtime-rows.mjs';
import { makeCertificates, startTlsFront } from './tls-front.mjs';

/**
 * How each runtime trusts a private CA. Node reads NODE_EXTRA_CA_CERTS at start (nodejs.org/api/cli.html), and Bun
 * does the same (measured on 1.4.5, as these rows show). Deno's own setting is DENO_CERT, and since 2.8 it reads
 * NODE_EXTRA_CA_CERTS into its root store too, node:https included (docs.deno.com/runtime/reference/env_variables,
 * denoland/docs#3081): both run on Deno. The first of each is the one the proxy rows use.
 */
export const TRUST = {
  node: ['NODE_EXTRA_CA_CERTS'],
  bun: ['NODE_EXTRA_CA_CERTS'],
  deno: ['DENO_CERT', 'NODE_EXTRA_CA_CERTS'],
};

// Every setting that could make a child trust the CA or reach a proxy without the row asking for it.
const INHERITED =
  /^(https?_proxy|all_proxy|no_proxy|node_extra_ca_certs|node_tls_reject_unauthorized|node_use_system_ca|deno_cert|deno_tls_ca_store|ssl_cert_file|ssl_cert_dir)$/i;

/**
 * The CA, the TLS front, the packed server behind it (`startServer(args)` from the runner, given `--public-url`) and
 * a forward proxy (the npm `proxy` package) recording what it is asked. `stop()` ends them all.
 */
export async function startHttpsTarget(consumer, startServer) {
  const folder = mkdtempSync(join(tmpdir(), 'together-files-matrix-tls-'));
  const certificates = makeCertificates(folder);
  const front = await startTlsFront(certificates);
  let server;
  let proxy;
  try {
    server = await startServer(['--public-url', front.url]);
    front.setUpstream(Number(new URL(server.url).port));
    const { createProxy } = await import(
      pathToFileURL(join(consumer, 'node_modules', 'proxy', 'dist', 'proxy.js')).href
    );
    proxy = createProxy(createServer());
    const seen = [];
    proxy.on('request', (request) => seen.push(`${request.method} ${request.url}`));
    proxy.on('connect', (request) => seen.push(`CONNECT ${request.url}`));
    await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return {
      httpsURL: front.url,
      adminURL: server.url,
      ca: certificates.ca,
      front,
      proxyURL: `http://127.0.0.1:${proxy.address().port}`,
      seen,
      async stop() {
        await new Promise((resolve) => proxy.close(resolve));
        server.stop();
        await front.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    server?.stop();
    await front.close();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

// The clients' idle timeout. A request that waits on a pooled connection which cannot send is unstuck only when this
// aborts it (Deno 2.9.6 then resends it on a new connection, and the call succeeds): a round trip that lasted this
// long waited for it. None comes near it otherwise (about a second here, at a load average of 17).
const TIMEOUT = 20_000;

/** Runs the fixture with `task` and `env` over a cleaned environment; resolves to its report, or `{ error }`. */
async function runFixture(command, args, { consumer, target, apiKey, task, env }) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED.test(name)));
  return runReportingChild(command, args, {
    cwd: consumer,
    env: {
      ...clean,
      // Deno looks for a newer release at start, through HTTPS_PROXY when set: no traffic beyond loopback.
      DENO_NO_UPDATE_CHECK: '1',
      ...env,
      MATRIX_HTTPS_TASK: JSON.stringify({
        baseURL: `${target.httpsURL}/v1`,
        apiKey,
        timeout: TIMEOUT,
        ...task,
      }),
    },
    tag: 'MATRIX_HTTPS',
    timeout: 150_000,
  });
}

/** The API routes the server logged since the last call (which clears the log). */
async function takeRoutes(target, apiKey) {
  const admin = (method) =>
    fetch(`${target.adminURL}/_admin/requests`, { method, headers: { authorization: `Bearer ${apiKey}` } });
  const { requests } = await (await admin('GET')).json();
  await admin('DELETE');
  return requests.filter((request) => request.route !== 'admin').map((request) => request.route);
}

/**
 * What is wrong with a round trip of `clients`: each listed, copied and deleted its file, with no request left waiting
 * until the idle timeout; one storage PUT each.
 */
function roundTripProblems(report, clients, routes) {
  const problems = report.error ? [report.error] : [];
  for (const client of clients) {
    const got = report[client];
    if (!got) problems.push(`no report for the ${client} client`);
    else if (got.error) problems.push(`${client}: ${got.error.name}: ${got.error.message}`);
    else if (!got.listed || !got.copied || !got.deleted)
      problems.push(`${client}: listed ${got.listed}, copied ${got.copied}, deleted ${got.deleted}`);
    else if (got.ms >= TIMEOUT)
      problems.push(`${client}: ${got.ms} ms, so a request waited out the ${TIMEOUT} ms idle timeout`);
  }
  for (const route of ['storagePut', 'deleteFile']) {
    const count = routes.filter((name) => name === route).length;
    if (count !== clients.length) problems.push(`the server saw ${count} ${route}, not ${clients.length}`);
  }
  return problems;
}

/** What is wrong with the proxy's log: it must have seen tunnels to the https target and nothing else. */
function tunnelProblems(target) {
  const expected = `CONNECT ${new URL(target.httpsURL).host}`;
  const others = target.seen.filter((line) => line !== expected);
  if (target.seen.length === 0) return ['the proxy saw nothing'];
  return others.length > 0 ? [`the proxy saw more than CONNECT ${expected}:\n${others.join('\n')}`] : [];
}

const outcome = (problems, summary) => ({ ok: problems.length === 0, output: problems.join('\n'), summary });

/**
 * The https rows of one runtime (`kind`: node, bun or deno), each `{ row, outcome }` for the runner's table. Rows run
 * one after another: the front's connection count and the server's log belong to one child at a time.
 */
export async function runHttpsRows(kind, command, args, { consumer, target, apiKey }) {
  const run = (task, env) => runFixture(command, args, { consumer, target, apiKey, task, env });
  const trust = (name) => ({ [name]: target.ca });
  const rows = [];
  await takeRoutes(target, apiKey);
  for (const name of TRUST[kind]) {
    const clients = ['promise', 'sync'];
    const report = await run({ clients }, trust(name));
    rows.push({
      row: `https, CA in ${name}: upload (storage PUT), list, download, delete`,
      outcome: outcome(roundTripProblems(report, clients, await takeRoutes(target, apiKey)), 'both clients'),
    });
  }

  target.front.takeConnections();
  // Retries allowed: a refused certificate would be refused again, so each client gives up after one connection.
  const untrusted = await run({ clients: ['promise', 'sync'], maxRetries: 2 }, {});
  const connections = target.front.takeConnections();
  const problems = untrusted.error ? [untrusted.error] : [];
  for (const client of ['promise', 'sync']) {
    const error = untrusted[client]?.error;
    if (error?.name !== 'APIConnectionError')
      problems.push(`${client}: ${JSON.stringify(untrusted[client])}`);
    else if (!/certificate/i.test(error.message) || !/NODE_EXTRA_CA_CERTS/.test(error.message))
      problems.push(`${client}: the message does not name the certificate and the fix: ${error.message}`);
  }
  if (connections !== 2) problems.push(`${connections} connections, not one per client`);
  const routes = await takeRoutes(target, apiKey);
  if (routes.length > 0) problems.push(`the server saw ${routes.join(', ')}`);
  rows.push({
    row: 'https, untrusted certificate: APIConnectionError naming NODE_EXTRA_CA_CERTS, not retried',
    outcome: outcome(problems, `${connections} connections`),
  });

  for (const [row, client, task] of [
    ['https through HTTPS_PROXY (promise client): CONNECT only', 'promise', {}],
    ['https through the proxy option (sync client): CONNECT only', 'sync', { syncProxyOption: true }],
  ]) {
    target.seen.length = 0;
    const report = await run(
      { clients: [client], ...task },
      { ...trust(TRUST[kind][0]), HTTPS_PROXY: target.proxyURL },
    );
    const problems = [
      ...roundTripProblems(report, [client], await takeRoutes(target, apiKey)),
      ...tunnelProblems(target),
    ];
    rows.push({ row, outcome: outcome(problems, `${target.seen.length} CONNECT`) });
  }

  // NO_PROXY naming the target: both clients (the sync worker reads the same environment) go direct.
  target.seen.length = 0;
  const clients = ['promise', 'sync'];
  const direct = await run(
    { clients },
    { ...trust(TRUST[kind][0]), HTTPS_PROXY: target.proxyURL, NO_PROXY: new URL(target.httpsURL).hostname },
  );
  const bypass = roundTripProblems(direct, clients, await takeRoutes(target, apiKey));
  if (target.seen.length > 0) bypass.push(`the proxy saw:\n${target.seen.join('\n')}`);
  rows.push({
    row: 'https past NO_PROXY (HTTPS_PROXY set): the proxy sees nothing',
    outcome: outcome(bypass, 'both clients'),
  });
  return rows;
}
