#!/usr/bin/env node
// Per-call cost of files.retrieve and files.list on loopback: the promise client, TogetherSync (blocking), and
// synckit wrapping the same promise client, measured in one run against one server (in a child process, since the
// blocking clients park this thread). Usage: node bench/per-call.mjs [--calls 400] [--warmup 50] [--rounds 20] [--json]
// The contenders take turns in short rounds, so a change in the machine's load falls on all of them alike.
// Needs built dists: ./node_modules/.bin/pnpm --filter @together-files/sync... --filter @together-files/server... build
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Together } from '@together-files/client';
import { createSyncFn } from 'synckit';
import { TogetherSync } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '400' },
    warmup: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const rounds = Number(values.rounds);
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
      promise: () => promise.files.retrieve(id),
      sync: () => sync.files.retrieve(id),
      synckit: () => synckit(options, 'retrieve', id),
    },
    list: {
      promise: () => promise.files.list(),
      sync: () => sync.files.list(),
      synckit: () => synckit(options, 'list'),
    },
  };

  const results = {};
  for (const [operation, contenders] of Object.entries(operations)) {
    const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
    for (const [name, run] of Object.entries(contenders)) {
      for (let index = 0; index < warmup; index++) await run();
      samples[name].length = 0;
    }
    const perRound = Math.ceil(calls / rounds);
    for (let round = 0; round < rounds; round++) {
      const order = Object.keys(contenders);
      if (round % 2 === 1) order.reverse();
      for (const name of order) {
        const run = contenders[name];
        for (let index = 0; index < perRound; index++) {
          const start = performance.now();
          await run();
          samples[name].push(performance.now() - start);
        }
      }
    }
    results[operation] = Object.fromEntries(
      Object.entries(samples).map(([name, times]) => [name, summary(times)]),
    );
  }

  sync.close();
  if (values.json) console.log(JSON.stringify({ node: process.version, calls, results }, null, 2));
  else report(results);
} finally {
  server.kill('SIGTERM');
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { calls: sorted.length, median: at(0.5), p90: at(0.9) };
}

function report(results) {
  const ms = (value) => `${value.toFixed(3)} ms`;
  console.log(
    `per-call cost on loopback, Node ${process.version}, ${calls} calls each after ${warmup} warm-up calls`,
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
  const worst = Math.max(
    ...Object.values(results).map((byName) => byName.sync.median / byName.promise.median),
  );
  console.log(`\nsync / promise (median), worst operation: ${worst.toFixed(2)}× (target ≤ 1.15×)`);
}
