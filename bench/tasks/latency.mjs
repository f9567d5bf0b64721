/**
 * Per-call latency of `list` and `retrieve` for one client: our promise client, our sync client, raw `fetch`, or
 * the official together-ai package pointed at the local server. Calls run one after another after a warm-up.
 */
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

async function time(calls, operation) {
  const durations = [];
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    await operation();
    durations.push(performance.now() - started);
  }
  return median(durations);
}

/** Returns the median per-call time of list (`ms`, the headline) and retrieve (`retrieveMs`). */
export async function run({ kind, baseURL, apiKey, fileId, calls = 200, warmup = 30 }) {
  const client = await makeClient(kind, { baseURL, apiKey });
  await time(warmup, () => client.list());
  await time(warmup, () => client.retrieve(fileId));
  const listMs = await time(calls, () => client.list());
  const retrieveMs = await time(calls, () => client.retrieve(fileId));
  await client.close?.();
  return { ms: listMs, listMs, retrieveMs };
}
