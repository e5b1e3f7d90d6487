/**
 * A small seeded pseudo-random generator (mulberry32): fast, 32 bits of state, and the same
 * sequence for the same seed on every platform, so generated data is reproducible.
 */
export class Prng {
  private state: number;

  /** Any number is a seed; it is reduced to 32 bits. */
  constructor(seed: number) {
    this.state = Math.trunc(seed) >>> 0;
  }

  /** A uniform integer in [0, 2^32). */
  uint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Fills `out[at, at + n)` with random bytes, never all zero (ids must not be). */
  fillId(out: Uint8Array, at: number, n: number): void {
    let any = 0;
    for (let k = 0; k < n; k += 4) {
      const v = this.uint32();
      for (let b = 0; b < 4 && k + b < n; b++) any |= out[at + k + b] = (v >>> (8 * b)) & 0xff;
    }
    if (any === 0) out[at] = 1;
  }
}
