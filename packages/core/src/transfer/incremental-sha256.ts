// SHA-256 (FIPS 180-4) fed chunk by chunk, for runtimes without `node:crypto`. Web Crypto digests one buffer, so a
// browser hashing a 6 GiB `File` that way would first hold all of it in memory, and fail; this hashes any size in
// 64 bytes of state plus the chunk being read.

/** A running SHA-256: feed it chunks in order, then take the digest once. */
export interface IncrementalSha256 {
  update(chunk: Uint8Array): void;
  /** Lowercase hex of the digest; ends the hash. */
  hex(): string;
}

/** Starts a SHA-256. */
export function createSha256(): IncrementalSha256 {
  constants ??= deriveConstants();
  const { initialState, round } = constants;
  const state = Int32Array.from(initialState);
  const words = new Int32Array(64);
  const pending = new Uint8Array(64);
  let pendingBytes = 0;
  let totalBytes = 0;

  const update = (chunk: Uint8Array) => {
    totalBytes += chunk.length;
    let offset = 0;
    if (pendingBytes > 0) {
      const taken = Math.min(64 - pendingBytes, chunk.length);
      pending.set(chunk.subarray(0, taken), pendingBytes);
      pendingBytes += taken;
      offset = taken;
      if (pendingBytes < 64) return;
      compress(state, words, round, pending, 0);
      pendingBytes = 0;
    }
    // Whole blocks straight from the chunk: no copy on the path every large file takes.
    for (; offset + 64 <= chunk.length; offset += 64) compress(state, words, round, chunk, offset);
    pending.set(chunk.subarray(offset), 0);
    pendingBytes = chunk.length - offset;
  };

  return {
    update,
    hex() {
      // The padding: a 1 bit, zeros up to 8 bytes short of a block, then the length in bits, big-endian, 64 bits.
      const bits = totalBytes * 8;
      const tail = new Uint8Array((pendingBytes < 56 ? 64 : 128) - pendingBytes);
      tail[0] = 0x80;
      const view = new DataView(tail.buffer);
      view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
      view.setUint32(tail.length - 4, bits >>> 0);
      update(tail);
      return Array.from(state, (word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
    },
  };
}

// Indexes below are all in range (16 and 64 words, 8 of state), hence the `!`s: `?? 0` would cost a branch per read
// in the loop every byte of a large file goes through.
function compress(
  state: Int32Array,
  w: Int32Array,
  round: Int32Array,
  bytes: Uint8Array,
  offset: number,
): void {
  for (let i = 0; i < 16; i++) {
    const at = offset + i * 4;
    w[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3);
    const s1 = rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25);
    const choice = (e & f) ^ (~e & g);
    const t1 = (h + sum1 + choice + round[i]! + w[i]!) | 0;
    const sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (sum0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = state[0]! + a;
  state[1] = state[1]! + b;
  state[2] = state[2]! + c;
  state[3] = state[3]! + d;
  state[4] = state[4]! + e;
  state[5] = state[5]! + f;
  state[6] = state[6]! + g;
  state[7] = state[7]! + h;
}

function rotate(word: number, bits: number): number {
  return (word >>> bits) | (word << (32 - bits));
}

// The standard's constants, derived as it defines them rather than typed out: the first 32 bits of the fractional
// parts of the square roots (initial state) and cube roots (round constants) of the first primes. Exact, in integers:
// the integer n-th root of p·2^(32n), from a floating-point guess corrected by a step or two.
function rootFraction(prime: number, n: 2 | 3): number {
  const target = BigInt(prime) << BigInt(32 * n);
  let root = BigInt(Math.floor(prime ** (1 / n) * 2 ** 32));
  while (root ** BigInt(n) > target) root--;
  while ((root + 1n) ** BigInt(n) <= target) root++;
  return Number(BigInt.asIntN(32, root));
}

function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let candidate = 2; primes.length < count; candidate++) {
    if (primes.every((prime) => candidate % prime !== 0)) primes.push(candidate);
  }
  return primes;
}

// Derived on the first hash, not at import: Node loads this module too and never calls it.
let constants: { initialState: number[]; round: Int32Array } | undefined;

function deriveConstants(): { initialState: number[]; round: Int32Array } {
  const primes = firstPrimes(64);
  return {
    initialState: primes.slice(0, 8).map((prime) => rootFraction(prime, 2)),
    round: Int32Array.from(primes, (prime) => rootFraction(prime, 3)),
  };
}
