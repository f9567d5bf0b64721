/** Returns a generator of floats in [0, 1) fully determined by `seed` (mulberry32). */
export function seededRandom(seed: number): () => number;
