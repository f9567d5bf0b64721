/**
 * Runs peers beside each other: every round runs each contender once, in an order that rotates from round to round
 * so a slow start or a warming page cache never favours the same peer. Each run is a fresh child process.
 */
import { runTask } from './run-task.mjs';
import { summarize } from './stats.mjs';

/**
 * `contenders`: `{ label, task, args: (round) => object, after?: (result) => Promise<void> }`.
 * Resolves to one row per contender: `{ label, ms: summary, peakRssBytes: summary, results }`, or
 * `{ label, error }` for a contender that failed (its first failure, whole).
 */
export async function measureRounds({ rounds, contenders, log = () => {} }) {
  const results = new Map(contenders.map((contender) => [contender.label, []]));
  const errors = new Map();
  for (let round = 0; round < rounds; round++) {
    const shift = round % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const contender of order) {
      // A peer that failed once is out of the comparison; the others still get measured.
      if (errors.has(contender.label)) continue;
      try {
        const result = await runTask(contender.task, await contender.args(round));
        await contender.after?.(result);
        results.get(contender.label).push(result);
        log(`  round ${round + 1}/${rounds} ${contender.label}: ${Math.round(result.ms)} ms`);
      } catch (error) {
        errors.set(contender.label, String(error.message ?? error));
        log(
          `  round ${round + 1}/${rounds} ${contender.label}: FAILED ${String(error.message ?? error).slice(0, 2000)}`,
        );
      }
    }
  }
  return contenders.map((contender) => {
    if (errors.has(contender.label)) return { label: contender.label, error: errors.get(contender.label) };
    const list = results.get(contender.label);
    return {
      label: contender.label,
      ms: summarize(list.map((result) => result.ms)),
      peakRssBytes: summarize(list.map((result) => result.peakRssBytes)),
      results: list,
    };
  });
}
