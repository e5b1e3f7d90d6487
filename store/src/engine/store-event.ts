/**
 * What the store reports on its own while it works, for the embedding process to log: things an
 * operator should know about although nothing failed.
 */

/** The WAL's torn tail (a crash mid-write: nothing acknowledged) was cut at open. */
export interface WalCutEvent {
  type: 'wal-cut';
  /** The log file, relative to the data directory (`wal/0000000000000003.log`). */
  file: string;
  /** Byte offset of the first failing frame (0 for a torn file header). */
  offset: number;
  /** Why it failed (see `WalCutReason`). */
  reason: string;
  /** Bytes removed, later files included. */
  bytes: number;
}

/** A damaged WAL record that held no row still needed (all below the checkpoint) was skipped. */
export interface WalDamageSkippedEvent {
  type: 'wal-damage-skipped';
  /** Where the damage is and where intact records resume (no absolute path). */
  message: string;
}

/** `salvageWal` rewrote a damaged log: the damaged records dropped, later rows renumbered. */
export interface WalSalvagedEvent {
  type: 'wal-salvaged';
  /** One line per damaged record: where, and the rows it held (lost). */
  damaged: string[];
  /** Rows lost in all. */
  lostRows: number;
  /** Rows after the damage kept under new, lower indexes. */
  renumberedRows: number;
  /** Where the damaged log was moved, relative to the data directory. */
  movedTo: string;
}

export type StoreEvent = WalCutEvent | WalDamageSkippedEvent | WalSalvagedEvent;

/** One line for a log, as the collector prints it. */
export function describeStoreEvent(e: StoreEvent): string {
  switch (e.type) {
    case 'wal-cut':
      return `cut a torn WAL tail of ${e.bytes} bytes at ${e.file} byte ${e.offset} (${e.reason}); nothing acknowledged was in it`;
    case 'wal-damage-skipped':
      return `skipped a damaged WAL record whose rows the checkpoint already holds: ${e.message}`;
    case 'wal-salvaged':
      return (
        `salvaged the WAL: ${e.lostRows} rows lost in ${e.damaged.join('; ')}; ` +
        `${e.renumberedRows} later rows kept under new indexes; the damaged log was moved to ${e.movedTo}`
      );
  }
}
