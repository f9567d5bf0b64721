#!/usr/bin/env node
// Uploads 1 GiB through the redirect flow (POST /files → PUT Location → preprocess) with a raw node:http client,
// downloads it back, and reports the server's peak RSS. The server runs as the built command in a child process,
// so the client's own buffers never count. Usage: node bench/upload-memory.mjs [--bytes N] (after `pnpm build`).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { bytes: { type: 'string', default: String(1024 ** 3) } } });
const total = Number(values.bytes);
const MiB = 1024 * 1024;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const auth = { authorization: 'Bearer bench' };

/** Peak and current RSS of a process in MiB, from /proc on Linux (ps elsewhere: current only). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

function call(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** PUTs `total` bytes made of a repeated random block, streamed with backpressure; returns the sha256. */
function putStream(url) {
  const block = randomBytes(MiB);
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'PUT', headers: { 'content-length': total } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, sha256: hash.digest('hex') }));
    });
    outgoing.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const chunk = block.subarray(0, Math.min(MiB, total - sent));
        hash.update(chunk);
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', pump);
      }
      outgoing.end();
    };
    pump();
  });
}

/** GETs the content, hashing it as it streams; returns the byte count and sha256. */
function getStream(url) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    request(url, { headers: auth }, (response) => {
      response.on('data', (chunk) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode, bytes, sha256: hash.digest('hex') }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const child = spawn(process.execPath, [bin, '--json', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
const info = JSON.parse(
  await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
);
const atStart = memoryOf(child.pid);
let highest = atStart.rss;
const sampler = setInterval(() => {
  highest = Math.max(highest, memoryOf(child.pid).rss);
}, 50);

try {
  const started = performance.now();
  const created = await call(`${info.baseURL}/files`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'purpose=batch-api&file_name=bench.jsonl&file_type=jsonl',
  });
  if (created.status !== 302) throw new Error(`POST /files answered ${created.status}`);
  const put = await putStream(created.headers.location);
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}`);
  const id = created.headers['x-together-file-id'];
  const processed = await call(`${info.baseURL}/files/${id}/preprocess`, { method: 'POST', headers: auth });
  if (processed.status !== 200) throw new Error(`preprocess answered ${processed.status}`);
  const uploadSeconds = (performance.now() - started) / 1000;
  const afterUpload = memoryOf(child.pid);
  const downloadStarted = performance.now();
  const got = await getStream(`${info.baseURL}/files/${id}/content`);
  const downloadSeconds = (performance.now() - downloadStarted) / 1000;
  if (got.bytes !== total || got.sha256 !== put.sha256) throw new Error('the downloaded bytes differ');
  const end = memoryOf(child.pid);
  const report = {
    bytes: total,
    uploadSeconds: Number(uploadSeconds.toFixed(2)),
    uploadMiBPerSecond: Number((total / MiB / uploadSeconds).toFixed(1)),
    downloadSeconds: Number(downloadSeconds.toFixed(2)),
    serverRssAtStartMiB: Number(atStart.rss.toFixed(1)),
    serverPeakRssAfterUploadMiB: Number(afterUpload.peak.toFixed(1)),
    serverPeakRssMiB: Number(Math.max(end.peak, highest).toFixed(1)),
    sha256Match: true,
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  clearInterval(sampler);
  child.kill('SIGTERM');
  await exited;
}
