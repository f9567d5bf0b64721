/**
 * The server's memory under a flood of requests with 15 KB headers (issue 13.3): before the fix its request log kept
 * every request's headers, before auth, for up to 100,000 requests (47 MB → 1.9 GB after 120,000, and the log's
 * admin route answered 500). Now the log records after auth, without headers, within about 4 MiB. A fresh server
 * process of its own, so earlier cases leave nothing in it; half the requests carry a wrong key (401, never logged),
 * half list files. RSS is read from Linux's `/proc/<pid>/status` before and after, once the server is idle.
 * Run alone: `node bench/run.mjs --only server-memory` (BENCH_SERVER_REQUESTS sets the count).
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServerProcess } from '../lib/server-process.mjs';
import { formatBytes } from '../lib/stats.mjs';

const HEADER_BYTES = 15 * 1024;
const IN_FLIGHT = 16;

function residentBytes(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Sends `count` GET /v1/files over `IN_FLIGHT` keep-alive connections; every other one with a wrong key. */
async function flood(server, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const padding = 'x'.repeat(HEADER_BYTES);
  const statuses = new Map();
  let next = 0;
  const one = (index) =>
    new Promise((resolve, reject) => {
      const key = index % 2 === 0 ? server.apiKey : 'wrong-key';
      const sent = request(
        `${server.baseURL}/files`,
        { agent, headers: { authorization: `Bearer ${key}`, 'x-padding': padding } },
        (response) => {
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          response.resume();
          response.once('end', resolve);
        },
      );
      sent.once('error', reject);
      sent.end();
    });
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await one(next++);
    }),
  );
  agent.destroy();
  return Object.fromEntries(statuses);
}

/** RSS of a fresh server before and after the flood, and what its request log answers then. */
export async function serverMemoryCase(context) {
  const { settings, workDir, log } = context;
  const server = await startServerProcess({ dataDir: join(workDir, 'server-memory') });
  try {
    await sleep(500);
    const before = residentBytes(server.pid);
    log(`  ${settings.serverMemoryRequests} requests with ${HEADER_BYTES / 1024} KB headers`);
    const started = Date.now();
    const statuses = await flood(server, settings.serverMemoryRequests);
    const seconds = (Date.now() - started) / 1000;
    await sleep(500);
    const after = residentBytes(server.pid);
    const logAnswer = await fetch(`${server.url}/_admin/requests`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    const logBytes = (await logAnswer.arrayBuffer()).byteLength;
    return {
      id: 'server-memory',
      title:
        `Server memory after ${settings.serverMemoryRequests} requests with ${HEADER_BYTES / 1024} KB headers ` +
        `(half with a wrong key; ${IN_FLIGHT} in flight) — node bench/run.mjs --only server-memory`,
      header: ['requests', 'answers', 'seconds', 'RSS before', 'RSS after', 'growth', 'request log answer'],
      lines: [
        [
          String(settings.serverMemoryRequests),
          Object.entries(statuses)
            .map(([status, count]) => `${count}× ${status}`)
            .join(', '),
          seconds.toFixed(1),
          formatBytes(before),
          formatBytes(after),
          formatBytes(after - before),
          `${logAnswer.status}, ${formatBytes(logBytes)}`,
        ],
      ],
      beforeBytes: before,
      afterBytes: after,
      logStatus: logAnswer.status,
      logBytes,
    };
  } finally {
    await server.close();
  }
}
