import type { ByteReader, ByteWriter } from '../sketch/bytes.js';

/**
 * Count, errors, sum, min, max, mean and variance of a stream of values, in O(1) memory.
 *
 * Mean and M2 (the sum of squared deviations from the mean) follow Welford's update, which stays
 * accurate when the values sit on a large offset; the naive sum-of-squares formula loses every
 * digit there (its result is the difference of two huge, nearly equal numbers). Two summaries
 * merge with the parallel formula of Chan, Golub and LeVeque, so per-bucket or per-shard stats
 * combine without revisiting values.
 */
export class RunningStats {
  count = 0;
  errors = 0;
  sum = 0;
  /** +Infinity while empty. */
  min = Infinity;
  /** -Infinity while empty. */
  max = -Infinity;
  mean = 0;
  m2 = 0;

  /** Adds one value; O(1), no allocation. */
  add(x: number, isError: boolean): void {
    const n = ++this.count;
    if (isError) this.errors++;
    this.sum += x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  /** Merges another summary into this one (Chan et al.). */
  merge(o: RunningStats): void {
    this.mergeMoments(o.count, o.errors, o.sum, o.mean, o.m2, o.min, o.max);
  }

  /** Merges a summary given by its fields, for callers that keep them outside objects. */
  mergeMoments(
    count: number,
    errors: number,
    sum: number,
    mean: number,
    m2: number,
    min: number,
    max: number,
  ): void {
    if (count === 0) return;
    const n = this.count + count;
    const delta = mean - this.mean;
    this.m2 += m2 + ((delta * delta * this.count) / n) * count;
    this.mean += (delta * count) / n;
    this.count = n;
    this.errors += errors;
    this.sum += sum;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  /** Sample variance (divides by n - 1); 0 for fewer than two values. */
  get variance(): number {
    return this.count < 2 ? 0 : Math.max(0, this.m2 / (this.count - 1));
  }

  /** Sample standard deviation; 0 for fewer than two values. */
  get stddev(): number {
    return Math.sqrt(this.variance);
  }

  /** Standard error of the mean: stddev / sqrt(n); 0 for fewer than two values. */
  get stderr(): number {
    return this.count < 2 ? 0 : this.stddev / Math.sqrt(this.count);
  }

  /** Appends seven f64: count, errors, sum, min, max, mean, m2. */
  writeTo(w: ByteWriter): void {
    w.f64(this.count);
    w.f64(this.errors);
    w.f64(this.sum);
    w.f64(this.min);
    w.f64(this.max);
    w.f64(this.mean);
    w.f64(this.m2);
  }

  /** Reads what {@link writeTo} wrote; CorruptError when the fields are inconsistent. */
  static readFrom(r: ByteReader): RunningStats {
    const s = new RunningStats();
    s.count = r.f64();
    s.errors = r.f64();
    s.sum = r.f64();
    s.min = r.f64();
    s.max = r.f64();
    s.mean = r.f64();
    s.m2 = r.f64();
    const counts = Number.isSafeInteger(s.count) && Number.isSafeInteger(s.errors) && s.errors >= 0;
    const shape =
      s.count === 0
        ? s.min === Infinity && s.max === -Infinity && s.sum === 0 && s.mean === 0 && s.m2 === 0
        : s.min <= s.max && Number.isFinite(s.mean) && s.m2 >= 0 && Number.isFinite(s.sum);
    if (!counts || s.count < 0 || s.errors > s.count || !shape) throw r.corrupt('inconsistent running stats');
    return s;
  }
}
