/** A fresh temporary data directory per scenario, removed afterwards unless asked to keep it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty directory under the system's temporary directory. */
export function scratchDir(scenario: string): string {
  return mkdtempSync(join(tmpdir(), `laptime-${scenario}-`));
}

/** Removes `dir`, unless `LAPTIME_KEEP_DATA=1` asks to keep it for a post-mortem (then prints it). */
export function removeScratchDir(dir: string): void {
  if (process.env.LAPTIME_KEEP_DATA === '1') {
    console.log(`kept data directory ${dir}`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
}
