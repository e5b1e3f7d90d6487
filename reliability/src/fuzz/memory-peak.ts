/** Samples a process's resident set size while a scenario runs, keeping the peak. */
import { readFileSync } from 'node:fs';

/** How often RSS is sampled. */
const SAMPLE_MS = 100;

/** RSS in bytes of `pid` (Linux /proc), or of this process when `pid` is undefined. */
export function rssOf(pid?: number): number {
  if (pid === undefined) return process.memoryUsage.rss();
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0; // the process is gone: its last sample stands
  }
}

/** Starts sampling; `stop()` ends it and returns the peak RSS in bytes. */
export function sampleRssPeak(pid?: number): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), SAMPLE_MS);
  timer.unref();
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}
