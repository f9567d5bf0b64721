/**
 * Issue 15's figures: a multipart upload killed at a seeded point (SIGKILL, as a crash), then resumed in a new
 * process, beside the same upload uninterrupted. Gives the bytes sent again and the time of the resumed run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSize } from '../lib/options.mjs';
import { runTask } from '../lib/run-task.mjs';
import { seededRandom } from '../lib/seeded-random.mjs';
import { formatBytes, formatDuration, formatSpread, summarize } from '../lib/stats.mjs';

/** The command that measures this case, printed with its table. */
export const resumeCommand = 'node bench/run.mjs --only resume';

/**
 * Each round: the upload uninterrupted; the same upload killed once a seeded 25–75 % of it was sent; then the same
 * call in a new process, which sends only the parts not confirmed. `partBytes` parts, 4 at a time.
 */
export async function resumeCase(context) {
  const { settings, server } = context;
  const bytes = settings.resumeBytes;
  const file = await context.dataFile(bytes);
  const base = { baseURL: server.baseURL, apiKey: server.apiKey, file };
  const rounds = { whole: [], killed: [], resumed: [] };
  for (let round = 0; round < settings.resumeRounds; round++) {
    const stateDir = await mkdtemp(join(context.workDir, 'resume-state-'));
    const multipart = {
      multipartThreshold: settings.partBytes,
      partSize: settings.partBytes,
      concurrency: 4,
      stateDir,
    };
    try {
      const whole = await runTask('upload-ours', {
        ...base,
        multipart: { ...multipart, stateDir: undefined },
      });
      await context.deleteFile(whole.fileId);
      rounds.whole.push(whole);
      const killAt = Math.floor(bytes * (0.25 + 0.5 * seededRandom(round + 1)()));
      const killed = await runTask('upload-killed', { ...base, multipart, killAt }, { killed: true });
      rounds.killed.push(killed);
      const resumed = await runTask('upload-ours', { ...base, multipart });
      await context.deleteFile(resumed.fileId);
      // Sent again: what the killed run had sent past the parts storage confirmed (the parts in flight).
      resumed.sentBytes = bytes - resumed.resumedBytes;
      resumed.resentBytes = killed.sentBytes - resumed.resumedBytes;
      rounds.resumed.push(resumed);
      context.log(
        `  round ${round + 1}: whole ${Math.round(whole.ms)} ms; killed at ${formatBytes(killed.sentBytes)} ` +
          `after ${Math.round(killed.ms)} ms; resumed ${Math.round(resumed.ms)} ms, ` +
          `${formatBytes(resumed.resumedBytes)} kept, ${formatBytes(resumed.resentBytes)} sent again`,
      );
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  }
  const whole = summarize(rounds.whole.map((result) => result.ms));
  const killed = summarize(rounds.killed.map((result) => result.ms));
  const resumed = summarize(rounds.resumed.map((result) => result.ms));
  const both = summarize(rounds.killed.map((result, index) => result.ms + rounds.resumed[index].ms));
  const median = (values) => summarize(values).median;
  const row = (label, summary, sent, resent) => [
    label,
    formatDuration(summary.median),
    formatSpread(summary.spread),
    sent === undefined ? '' : formatBytes(sent),
    resent === undefined ? '' : formatBytes(resent),
    `${(summary.median / whole.median).toFixed(2)}×`,
  ];
  const resent = median(rounds.resumed.map((result) => result.resentBytes));
  return {
    id: 'resume',
    title:
      `Resume: multipart upload of ${formatSize(bytes)} in ${formatSize(settings.partBytes)} parts ×4, SIGKILLed ` +
      `at a seeded 25–75 %, then resumed (${settings.resumeRounds} rounds; ${resumeCommand})`,
    bytes,
    /** What the kill can cost at most: the parts in flight (4 at a time). */
    inFlightBytes: 4 * settings.partBytes,
    rows: [
      { label: 'uninterrupted', ms: whole },
      { label: 'killed run', ms: killed },
      { label: 'resumed run', ms: resumed, resentBytes: resent },
      { label: 'killed + resumed', ms: both },
    ],
    header: ['run', 'median', 'spread', 'bytes sent', 'sent again', 'vs uninterrupted'],
    lines: [
      row('uninterrupted', whole, bytes),
      row('killed run', killed, median(rounds.killed.map((result) => result.sentBytes))),
      row('resumed run', resumed, median(rounds.resumed.map((result) => result.sentBytes)), resent),
      row('killed + resumed', both),
    ],
  };
}
