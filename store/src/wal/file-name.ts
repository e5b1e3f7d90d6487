import * as path from 'node:path';
import type { Disk } from '../io/disk.js';
import { fromSystemError } from '../errors.js';

/** Log files are `<seq>.log` with the sequence number zero-padded to this many digits. */
const SEQ_DIGITS = 16;
const FILE_NAME = /^(\d{16})\.log$/;

/** `wal/<seq:16 digits>.log` without the directory. */
export function walFileName(seq: number): string {
  return `${String(seq).padStart(SEQ_DIGITS, '0')}.log`;
}

export function walFilePath(dir: string, seq: number): string {
  return path.join(dir, walFileName(seq));
}

/** The sequence number of a log file name, or undefined for any other name. */
export function parseWalFileName(name: string): number | undefined {
  const match = FILE_NAME.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Sequence numbers of the log files in `dir`, ascending; none when the directory is absent. */
export function listWalFiles(disk: Disk, dir: string): number[] {
  try {
    if (!disk.exists(dir)) return [];
    const seqs: number[] = [];
    for (const name of disk.readdir(dir)) {
      const seq = parseWalFileName(name);
      if (seq !== undefined) seqs.push(seq);
    }
    return seqs.sort((a, b) => a - b);
  } catch (err) {
    throw fromSystemError(err, `listing WAL directory ${dir}`);
  }
}
