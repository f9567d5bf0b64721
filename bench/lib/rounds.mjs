/**
 * Runs peers beside each other: every round runs each contender once, in an order that rotates from round to round
 * so a slow start or a warming page cache never favours the same peer. Each run is a fresh child process.
 */
import { runTask } from './run-task.mjs';
import { summarize } from './stats.mjs';

/**
 * `contenders`: `{ label, task, args: (round) => object, after?: (result) => Promise<void> }`.
 * Resolves to one row per contender: `{ label, ms: summary, peakRssBytes: summary, results }`.
 */
export async function measureRounds({ rounds, contenders, log = () => {} }) {
  const results = new Map(contenders.map((contender) => [contender.label, []]));
  for (let round = 0; round < rounds; round++) {
    const shift = round % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const contender of order) {
      const result = await runTask(contender.task, await contender.args(round));
      results.get(contender.label).push(result);
      log(`  round ${round + 1}/${rounds} ${contender.label}: ${Math.round(result.ms)} ms`);
      await contender.after?.(result);
    }
  }
  return contenders.map((contender) => {
    const list = results.get(contender.label);
    return {
      label: contender.label,
      ms: summarize(list.map((result) => result.ms)),
      peakRssBytes: summarize(list.map((result) => result.peakRssBytes)),
      results: list,
    };
  });
}
