/**
 * Per-call latency of `list` and `retrieve` for the clients named in `kinds` (raw `fetch`, our promise client, our
 * sync client, synckit wrapping the same promise client, the official together-ai package pointed at the local
 * server), in one process, calls one after another after a warm-up. The bench runs each client beside the raw
 * `fetch` floor in a process of its own (see cases/latency.mjs).
 */
import { seededRandom } from '../lib/seeded-random.mjs';
import { median } from '../lib/stats.mjs';

async function makeClient(kind, { baseURL, apiKey }) {
  if (kind === 'ours') {
    const { Together } = await import('@together-files/client');
    const client = new Together({ apiKey, baseURL });
    return { list: () => client.files.list(), retrieve: (id) => client.files.retrieve(id) };
  }
  if (kind === 'sync') {
    const { TogetherSync } = await import('@together-files/sync');
    const client = new TogetherSync({ apiKey, baseURL });
    return {
      list: () => client.files.list(),
      retrieve: (id) => client.files.retrieve(id),
      close: () => client.close?.(),
    };
  }
  if (kind === 'synckit') {
    const { createSyncFn } = await import('synckit');
    const worker = new URL('../../packages/sync/bench/synckit-worker.mjs', import.meta.url);
    const call = createSyncFn(worker);
    const options = { apiKey, baseURL };
    return { list: () => call(options, 'list'), retrieve: (id) => call(options, 'retrieve', id) };
  }
  if (kind === 'together-ai') {
    const { default: Together } = await import('together-ai');
    const client = new Together({ apiKey, baseURL });
    return { list: () => client.files.list(), retrieve: (id) => client.files.retrieve(id) };
  }
  const headers = { authorization: `Bearer ${apiKey}` };
  const get = async (url) => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return response.json();
  };
  return {
    list: () => get(`${baseURL}/files`),
    retrieve: (id) => get(`${baseURL}/files/${encodeURIComponent(id)}`),
  };
}

/**
 * Returns per-client median call times: `{ [kind]: { listMs, retrieveMs } }`. The clients take turns call by call,
 * so a change in background load hits every client alike instead of whichever ran last. Each turn runs every
 * (client, call) pair once in a freshly shuffled order, so no call always follows the same neighbour and pays for
 * whatever that neighbour left running.
 */
export async function run({ kinds, baseURL, apiKey, fileId, calls = 200, warmup = 30, seed = 7 }) {
  const clients = [];
  for (const kind of kinds) clients.push({ kind, client: await makeClient(kind, { baseURL, apiKey }) });
  const durations = Object.fromEntries(kinds.map((kind) => [kind, { list: [], retrieve: [] }]));
  const pairs = clients.flatMap(({ kind, client }) => [
    { kind, call: 'list', run: () => client.list() },
    { kind, call: 'retrieve', run: () => client.retrieve(fileId) },
  ]);
  const random = seededRandom(seed);
  for (let index = 0; index < warmup + calls; index++) {
    for (const { kind, call, run: send } of shuffle(pairs, random)) {
      const started = performance.now();
      await send();
      if (index >= warmup) durations[kind][call].push(performance.now() - started);
    }
  }
  for (const { client } of clients) await client.close?.();
  const perClient = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      { listMs: median(durations[kind].list), retrieveMs: median(durations[kind].retrieve) },
    ]),
  );
  return { ms: perClient[kinds[0]].listMs, perClient };
}

/** Fisher–Yates on a copy. */
function shuffle(items, random) {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}
