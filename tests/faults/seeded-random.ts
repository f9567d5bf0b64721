import { seededRandom } from '../../bench/lib/seeded-random.mjs';

/** A seeded pseudo-random generator: the same seed replays the same faults and operations. */
export type Random = () => number;

export { seededRandom };

/** An integer in [min, max] (both included). */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One of the items, each equally likely. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
