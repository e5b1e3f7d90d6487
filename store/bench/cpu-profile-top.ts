/**
 * The hottest functions of a V8 CPU profile (`node --cpu-prof`), by self time: what to optimise
 * first. Prints the top functions and the top files with their share of all samples.
 *
 *   node --import tsx store/bench/cpu-profile-top.ts PROFILE.cpuprofile [count]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const DEFAULT_COUNT = 20;
/** V8's name for samples where the thread waited (for I/O, here mostly fsync). */
const IDLE = '(idle)';

function main(): number {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: cpu-profile-top PROFILE.cpuprofile [count]');
    return 2;
  }
  const count = Number(process.argv[3] ?? DEFAULT_COUNT);
  if (!Number.isInteger(count) || count < 1) {
    console.error(`count: must be a positive integer, got '${process.argv[3]}'`);
    return 2;
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const where = frame.url === '' ? '' : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    add(functions, `${frame.functionName || '(anonymous)'}${where}`);
    add(files, frame.url === '' ? frame.functionName : shortUrl(frame.url));
  }
  const total = profile.samples.length;
  const busy = total - (files.get(IDLE) ?? 0);
  console.log(`${total} samples, ${pct(busy, total)} busy\n\n% of all   % of busy   self time by function`);
  print(functions, total, busy, count);
  console.log('\n% of all   % of busy   self time by file');
  print(files, total, busy, Math.ceil(count / 2));
  return 0;
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function print(counts: Map<string, number>, total: number, busy: number, count: number): void {
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, count);
  for (const [key, n] of top) {
    const ofBusy = key === IDLE ? '' : pct(n, busy);
    console.log(`${pct(n, total).padStart(8)}   ${ofBusy.padStart(9)}   ${key}`);
  }
}

function pct(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(1)}%`;
}

/** The path below `src/` (or the file name), and `node:` modules as they are. */
function shortUrl(url: string): string {
  if (url.startsWith('node:')) return url;
  const p = url.startsWith('file://') ? new URL(url).pathname : url;
  const at = p.lastIndexOf('/src/');
  return at >= 0 ? p.slice(at + 1) : path.basename(p);
}

process.exitCode = main();
