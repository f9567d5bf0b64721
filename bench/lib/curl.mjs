/**
 * `curl` as a peer: each call runs the system curl and samples its peak RSS from /proc while it runs.
 */
import { spawn } from 'node:child_process';
import { samplePeakRss } from './peak-rss.mjs';

/** Runs `curl args...`; resolves to `{ stdout, peakRssBytes }`, rejects on a non-zero exit. */
export function runCurl(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['--silent', '--show-error', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = samplePeakRss(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      sampler.stop();
      reject(error);
    });
    child.on('close', (code) => {
      const peakRssBytes = sampler.stop();
      if (code === 0) resolve({ stdout, peakRssBytes });
      else reject(new Error(`curl ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

/** Parses the header block curl prints with `--dump-header -`: lower-case names, last value wins. */
export function parseCurlHeaders(text) {
  const headers = {};
  let status = 0;
  for (const line of text.split(/\r?\n/)) {
    const statusMatch = /^HTTP\/[\d.]+ (\d{3})/.exec(line);
    if (statusMatch) status = Number(statusMatch[1]);
    const index = line.indexOf(':');
    if (index > 0) headers[line.slice(0, index).trim().toLowerCase()] = line.slice(index + 1).trim();
  }
  return { status, headers };
}
