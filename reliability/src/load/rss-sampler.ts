/** The resident memory of another process, sampled from /proc while a scenario runs. */
import { readFileSync } from 'node:fs';

/** How often the sampler reads /proc. */
export const RSS_SAMPLE_MS = 100;

/** VmRSS of `pid` in bytes, or null once the process is gone. */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every {@link RSS_SAMPLE_MS} and keeps the highest value seen. */
export class RssSampler {
  private highest = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
    this.timer.unref();
  }

  /** The highest RSS seen so far, bytes. */
  max(): number {
    return this.highest;
  }

  /** Stops sampling and returns the highest RSS seen, bytes. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.highest;
  }

  private sample(): void {
    this.highest = Math.max(this.highest, rssOf(this.pid) ?? 0);
  }
}
