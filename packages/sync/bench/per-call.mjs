#!/usr/bin/env node
// Per-call cost of files.retrieve and files.list on loopback: the promise client, TogetherSync (blocking), and
// synckit wrapping the same promise client, measured in one run against one server (in a child process, since the
// blocking clients park this thread). Usage: node bench/per-call.mjs [--calls 400] [--warmup 50] [--rounds 20]
// [--pattern runs|turns] [--json]. `runs` (default): the contenders take turns in short runs of calls, so a change in
// the machine's load falls on all of them alike. `turns`: they take turns call by call beside raw fetch, as the repo
// bench (bench/tasks/latency.mjs) does, so each sync call finds its worker idle since its previous call.
// `floor` is the bare minimum of a worker-backed blocking call (floor-worker.mjs): the thread hop's own cost.
// Needs built dists: ./node_modules/.bin/pnpm --filter @together-files/sync... --filter @together-files/server... build
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { Together } from '@together-files/client';
import { createSyncFn } from 'synckit';
import { TogetherSync } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '20' },
    pattern: { type: 'string', default: 'runs' },
    json: { type: 'boolean', default: false },
  },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
const turns = values.pattern === 'turns';
const apiKey = 'bench-key';

const server = spawn(
  process.execPath,
  [
    new URL('../../server/dist/bin.js', import.meta.url).pathname,
    '--json',
    '--port',
    '0',
    '--api-key',
    apiKey,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const { baseURL } = JSON.parse(
  await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve)),
);

try {
  const options = { apiKey, baseURL, logLevel: 'off' };
  const promise = new Together(options);
  const sync = new TogetherSync(options);
  const synckit = createSyncFn(new URL('./synckit-worker.mjs', import.meta.url).pathname, {
    timeout: 60_000,
  });
  const floor = floorClient(options);
  const headers = { authorization: `Bearer ${apiKey}` };
  const get = async (url) => (await fetch(url, { headers })).json();

  // A few files, so list has something to carry.
  let id;
  for (let index = 0; index < 5; index++) {
    const bytes = new TextEncoder().encode(`{"text": "bench ${index} ${Date.now()}"}\n`);
    ({ id } = await promise.files.upload({
      file: bytes,
      filename: `bench-${index}.jsonl`,
      purpose: 'batch-api',
    }));
  }

  const operations = {
    retrieve: {
      ...(turns ? { fetch: () => get(`${baseURL}/files/${id}`) } : {}),
      promise: () => promise.files.retrieve(id),
      sync: () => sync.files.retrieve(id),
      synckit: () => synckit(options, 'retrieve', id),
      floor: () => floor.call('retrieve', id),
    },
    list: {
      ...(turns ? { fetch: () => get(`${baseURL}/files`) } : {}),
      promise: () => promise.files.list(),
      sync: () => sync.files.list(),
      synckit: () => synckit(options, 'list'),
      floor: () => floor.call('list'),
    },
  };

  const results = turns ? await measureTurns(operations) : await measureRuns(operations);
  sync.close();
  await floor.close();
  if (values.json) {
    console.log(JSON.stringify({ node: process.version, pattern: values.pattern, calls, results }, null, 2));
  } else report(results);
} finally {
  server.kill('SIGTERM');
}

/** Each contender runs `calls / rounds` calls in a row, then the next; the order flips every round. */
async function measureRuns(operations) {
  const results = {};
  for (const [operation, contenders] of Object.entries(operations)) {
    const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
    for (const run of Object.values(contenders)) for (let index = 0; index < warmup; index++) await run();
    const perRound = Math.ceil(calls / rounds);
    for (let round = 0; round < rounds; round++) {
      const order = Object.keys(contenders);
      if (round % 2 === 1) order.reverse();
      for (const name of order) {
        for (let index = 0; index < perRound; index++) samples[name].push(await timed(contenders[name]));
      }
    }
    results[operation] = summaries(samples);
  }
  return results;
}

/** As the repo bench: per step, each contender makes one list and one retrieve call; the order rotates. */
async function measureTurns(operations) {
  const names = Object.keys(operations.list);
  const samples = { list: {}, retrieve: {} };
  for (const name of names) for (const operation of ['list', 'retrieve']) samples[operation][name] = [];
  for (let index = 0; index < warmup + calls; index++) {
    const shift = index % names.length;
    for (const name of [...names.slice(shift), ...names.slice(0, shift)]) {
      for (const operation of ['list', 'retrieve']) {
        const time = await timed(operations[operation][name]);
        if (index >= warmup) samples[operation][name].push(time);
      }
    }
  }
  return { retrieve: summaries(samples.retrieve), list: summaries(samples.list) };
}

async function timed(run) {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function summaries(samples) {
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, summary(times)]));
}

/** The bare blocking call of floor-worker.mjs: post, wait on the counter, take the reply. */
function floorClient(options) {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./floor-worker.mjs', import.meta.url), {
    workerData: { options, port: port2, signal },
    transferList: [port2],
  });
  return {
    call(method, id) {
      worker.postMessage({ method, id });
      for (;;) {
        const seen = Atomics.load(signal, 0);
        const received = receiveMessageOnPort(port1);
        if (received) return received.message;
        Atomics.wait(signal, 0, seen, 60_000);
      }
    },
    close: () => worker.terminate(),
  };
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { calls: sorted.length, median: at(0.5), p90: at(0.9) };
}

function report(results) {
  const ms = (value) => `${value.toFixed(3)} ms`;
  console.log(
    `per-call cost on loopback, Node ${process.version}, ${calls} calls each after ${warmup} warm-up calls, ` +
      `pattern ${values.pattern}`,
  );
  for (const [operation, byName] of Object.entries(results)) {
    console.log(`\nfiles.${operation}`);
    const base = byName.promise.median;
    for (const [name, { median, p90 }] of Object.entries(byName)) {
      const ratio = (median / base).toFixed(2);
      const added = name === 'promise' ? '' : `  ${median - base >= 0 ? '+' : ''}${ms(median - base)}`;
      console.log(
        `  ${name.padEnd(8)} median ${ms(median).padStart(10)}  p90 ${ms(p90).padStart(10)}  ${ratio}× promise${added}`,
      );
    }
  }
  const worst = (name, base) =>
    Math.max(...Object.values(results).map((byName) => byName[name].median / byName[base].median)).toFixed(2);
  console.log(`\nsync / promise (median), worst operation: ${worst('sync', 'promise')}× (target ≤ 1.15×)`);
  console.log(`synckit / promise: ${worst('synckit', 'promise')}×; sync / floor: ${worst('sync', 'floor')}×`);
}
