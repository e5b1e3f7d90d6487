/**
 * The collector of the worst-bodies benchmark, in a process of its own, watching its own event
 * loop: the largest delay since the last "reset" and the process's peak RSS are answered to a
 * "read" over IPC. Closes on "stop".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCollector } from '../../src/server.js';

/** Finest resolution of the delay histogram, ms. */
const RESOLUTION_MS = 1;

/** What the parent hears: first the URL, then one reading per "read". */
export type StallMessage = { url: string } | StallReading;

/** Since the last "reset": the largest event-loop delay and the CPU time used; RSS now and at peak. */
export interface StallReading {
  maxStallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  rssBytes: number;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'laptime-worst-bodies-'));
const collector = await startCollector({ dataDir, host: '127.0.0.1', port: 0 });
const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();
let cpuSince = process.cpuUsage();

process.on('message', (m) => {
  if (m === 'reset') {
    delay.reset();
    cpuSince = process.cpuUsage();
    process.send?.({ maxStallMs: 0, cpuMs: 0, peakRssBytes: 0, rssBytes: 0 } satisfies StallMessage);
  } else if (m === 'read') {
    const cpu = process.cpuUsage(cpuSince);
    process.send?.({
      maxStallMs: delay.max / 1e6,
      cpuMs: (cpu.user + cpu.system) / 1000,
      // maxRSS is in KiB.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      rssBytes: process.memoryUsage().rss,
    } satisfies StallMessage);
  } else if (m === 'stop') {
    void collector.close().then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
process.send?.({ url: collector.url } satisfies StallMessage);
