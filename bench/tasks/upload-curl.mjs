/** Upload peer: the single-part flow with three `curl` calls, the PUT being `curl -T file`. */
import { basename } from 'node:path';
import { parseCurlHeaders, runCurl } from '../lib/curl.mjs';

/** Uploads `file`; returns the wall time, the PUT curl's peak RSS and the new file's id. */
export async function run({ baseURL, apiKey, file }) {
  const authorization = `Authorization: Bearer ${apiKey}`;
  const started = performance.now();
  const created = await runCurl([
    '--dump-header',
    '-',
    '--output',
    '/dev/null',
    '--header',
    authorization,
    '--data-urlencode',
    'purpose=fine-tune',
    '--data-urlencode',
    `file_name=${basename(file)}`,
    '--data-urlencode',
    'file_type=jsonl',
    `${baseURL}/files`,
  ]);
  const { status, headers } = parseCurlHeaders(created.stdout);
  const fileId = headers['x-together-file-id'];
  if (status !== 302 || !headers.location || !fileId) throw new Error(`POST /files answered ${status}`);
  const put = await runCurl(['--fail', '--upload-file', file, '--output', '/dev/null', headers.location]);
  await runCurl([
    '--fail',
    '--request',
    'POST',
    '--header',
    authorization,
    '--output',
    '/dev/null',
    `${baseURL}/files/${encodeURIComponent(fileId)}/preprocess`,
  ]);
  const ms = performance.now() - started;
  return { ms, peakRssBytes: Math.max(created.peakRssBytes, put.peakRssBytes), fileId };
}
