import type { WalReadOptions } from './options.js';
import { resolveMaxRecordBytes } from './options.js';
import type { WalReplay, WalStop } from './replay.js';
import { scanWal } from './scan.js';

/** What {@link readWal} read. */
export interface WalRead {
  /** Records delivered to `onRecord`. */
  records: number;
  /** Where the log ended early, if it did: usually a record the writer is writing right now. */
  stop: WalStop | undefined;
}

/**
 * Reads the log read-only, from the file holding `replay.fromRow` on, delivering every complete,
 * valid record; for a process that reads beside the writer (`Store.openReader`). Modifies nothing:
 * the first record that fails (the writer's torn tail, or a real one) ends the read. Files are
 * listed once: records appended after that are not seen.
 *
 * A record may be seen before the writer's fsync of it has returned; if that fsync fails, the
 * writer cuts the record and its append is rejected, so a reader can see rows no append confirmed.
 *
 * @throws ExpiredError when the writer has already trimmed files the reader needs (`fromRow` is
 *   below the oldest file): reread the checkpoint and retry. CorruptError, FormatVersionError,
 *   IoError as for {@link Wal.open}.
 */
export function readWal(options: WalReadOptions, replay: WalReplay): WalRead {
  const maxRecordBytes = resolveMaxRecordBytes(options.maxRecordBytes);
  const scan = scanWal(options.disk, options.dir, maxRecordBytes, replay, { concurrentWriter: true });
  const stop = scan.stop && { file: scan.stop.file, offset: scan.stop.offset, reason: scan.stop.reason };
  return { records: scan.records, stop };
}
