/**
 * The cardinality cap in force, kept in the data directory (`SERIES_CAP`), so that a reader in
 * another process counts the rows of the WAL tail into the same series as the writer does: a
 * reader that assumed the default cap would give spans their own series that the writer counted
 * into `__overflow__`. Written by the writer at open whenever it differs from what is there.
 */
import * as path from 'node:path';
import { CorruptError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import { writeFileAtomic } from '../io/atomic-file.js';

const FILE = 'SERIES_CAP';

/** The cap the writer runs with, or undefined when none was recorded (a store from before it). */
export function readSeriesCap(disk: Disk, dir: string): number | undefined {
  const file = path.join(dir, FILE);
  if (!disk.exists(file)) return undefined;
  const text = disk.readFile(file).toString('utf8').trim();
  const cap = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(cap >= 1)) throw new CorruptError(`${FILE} holds '${text.slice(0, 20)}', not a series cap`);
  return cap;
}

/** Records `cap` as the cap in force, durably, unless it already is. */
export async function writeSeriesCap(disk: Disk, dir: string, cap: number): Promise<void> {
  if (readSeriesCap(disk, dir) === cap) return;
  await writeFileAtomic(disk, dir, FILE, Buffer.from(`${cap}\n`));
}
