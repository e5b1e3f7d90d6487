/** Bytes of every file under a directory (their sizes, as `du --apparent-size` counts). */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}
