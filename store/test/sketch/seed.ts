/**
 * The seed of a property test: LAPTIME_SEED when set (to replay a failure), else the clock.
 * Printed, so any failing run can be replayed.
 */
export function propertySeed(test: string): number {
  const fromEnv = process.env['LAPTIME_SEED'];
  const seed = fromEnv === undefined ? Date.now() % 2 ** 31 : Number(fromEnv);
  console.log(`${test}: seed ${seed} (replay with LAPTIME_SEED=${seed})`);
  return seed;
}

/** A small seeded PRNG (mulberry32) with the distributions the accuracy tests need. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** exp(N(mu, sigma)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Pareto with scale xm and shape alpha (heavy tail for small alpha). */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
