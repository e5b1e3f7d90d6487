/**
 * Salvage of a WAL damaged in the middle (`StoreOptions.salvageWal`): the log is rewritten
 * without the damaged parts, the rows after them renumbered to follow on, and the old log moved
 * aside, never deleted.
 */
import * as path from 'node:path';
import { CorruptError, fromSystemError } from '../errors.js';
import type { Disk } from '../io/disk.js';
import { DEFAULT_MAX_RECORD_BYTES } from '../wal/options.js';
import type { WalDamage } from '../wal/replay.js';
import { describeWalDamage, scanWal } from '../wal/scan.js';
import { Wal } from '../wal/wal.js';
import type { Manifest } from './manifest.js';
import type { WalSalvagedEvent } from './store-event.js';
import { recordRows, renumberAppendRecord } from './wal-record.js';

/** The rewritten log while it is being written, beside the data directory's `wal`. */
const SALVAGE_DIR = 'wal.salvage';
/** Prefix of the directory the damaged log is moved to; a timestamp follows. */
const DAMAGED_PREFIX = 'wal.damaged-';

/** A record kept: its rows (already renumbered) and payload. */
interface Kept {
  first: number;
  rows: number;
  payload: Uint8Array;
}

/**
 * Rewrites the log in `dir/wal` if it is damaged in the middle; returns what was done, or null
 * when the log has no such damage (a torn tail is left for the normal recovery to cut). Rows
 * the last checkpoint already counted cannot be renumbered: damage there is refused.
 *
 * The kept records are held in memory until written: the log past the last checkpoint, which
 * the checkpoint interval bounds (`checkpointBytes`, 64 MiB by default).
 *
 * @throws CorruptError when damaged rows were counted by the checkpoint; IoError.
 */
export async function salvageWal(disk: Disk, dir: string, m: Manifest): Promise<WalSalvagedEvent | null> {
  const walDir = path.join(dir, 'wal');
  const salvageDir = path.join(dir, SALVAGE_DIR);
  finishInterruptedSalvage(disk, dir, walDir, salvageDir);
  const kept: Kept[] = [];
  const damaged: string[] = [];
  let pending: WalDamage | null = null;
  let next = m.replayRow;
  let shift = 0;
  let lostRows = 0;
  let renumbered = 0;
  const renumbering: Promise<void>[] = [];
  scanWal(
    disk,
    walDir,
    DEFAULT_MAX_RECORD_BYTES,
    {
      fromRow: m.replayRow,
      onDamage: (d) => {
        pending = d;
      },
      onRecord: (rec) => {
        const { first, rows } = recordRows(rec.payload, walDir);
        if (rows === 0 || first + rows <= m.replayRow) return;
        let at = first - shift;
        if (at > next) {
          if (pending === null) throw new CorruptError(`the WAL jumps from row ${next} to ${at}`);
          if (next < m.rowCount)
            throw new CorruptError(
              `${describeWalDamage(pending)}: rows ${next} to ${at - 1} were counted by the last checkpoint ` +
                'and cannot be renumbered; restore the data directory from a backup',
            );
          damaged.push(`${describeWalDamage(pending)} (rows ${next} to ${at - 1})`);
          lostRows += at - next;
          shift += at - next;
          at = next;
        }
        pending = null;
        const entry: Kept = { first: at, rows, payload: new Uint8Array(rec.payload) };
        kept.push(entry);
        if (shift > 0) {
          renumbered += rows;
          renumbering.push(
            renumberAppendRecord(entry.payload, shift, walDir).then((p) => {
              entry.payload = p;
            }),
          );
        }
        next = at + rows;
      },
    },
    { concurrentWriter: false },
  );
  await Promise.all(renumbering);
  if (damaged.length === 0) {
    removeDir(disk, salvageDir);
    return null;
  }
  await writeLog(disk, salvageDir, kept);
  const movedTo = `${DAMAGED_PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}`;
  move(disk, walDir, path.join(dir, movedTo));
  move(disk, salvageDir, walDir);
  fsyncDir(disk, dir);
  return { type: 'wal-salvaged', damaged, lostRows, renumberedRows: renumbered, movedTo };
}

/** Writes the kept records as a fresh log in `to`. */
async function writeLog(disk: Disk, to: string, kept: readonly Kept[]): Promise<void> {
  removeDir(disk, to);
  const { wal } = await Wal.open({ dir: to, disk });
  try {
    for (const k of kept) await wal.append(k.payload, k.first, k.rows);
  } finally {
    await wal.close();
  }
}

/**
 * A salvage cut short between moving the old log aside and moving the new one in leaves no log
 * (or the empty one `Store.open` creates) beside a complete `wal.salvage`: move it in. Any other
 * `wal.salvage` is an unfinished rewrite, removed (the old log is still in place).
 */
function finishInterruptedSalvage(disk: Disk, dir: string, walDir: string, salvageDir: string): void {
  if (!disk.exists(salvageDir)) return;
  const moved = disk.readdir(dir).some((f) => f.startsWith(DAMAGED_PREFIX));
  const noLog = !disk.exists(walDir) || disk.readdir(walDir).length === 0;
  if (!(moved && noLog)) {
    removeDir(disk, salvageDir);
    return;
  }
  if (disk.exists(walDir)) removeDir(disk, walDir);
  move(disk, salvageDir, walDir);
  fsyncDir(disk, dir);
}

function removeDir(disk: Disk, d: string): void {
  try {
    disk.removeDir(d);
  } catch (err) {
    throw fromSystemError(err, `removing ${path.basename(d)}`);
  }
}

function move(disk: Disk, from: string, to: string): void {
  try {
    disk.rename(from, to);
  } catch (err) {
    throw fromSystemError(err, `moving ${path.basename(from)} to ${path.basename(to)}`);
  }
}

function fsyncDir(disk: Disk, d: string): void {
  try {
    disk.fsyncDir(d);
  } catch (err) {
    throw fromSystemError(err, 'syncing the data directory');
  }
}
