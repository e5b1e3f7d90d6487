/** One record delivered by recovery or by a reader. */
export interface WalRecord {
  /**
   * The payload as appended. A view into the scan's read buffer: valid only during the callback
   * (copy it to keep it), which is what lets a scan stream a log of any size in bounded memory.
   */
  payload: Uint8Array;
  /** Sequence number of the log file holding the record. */
  file: number;
  /** Byte offset of the record's frame in that file. */
  offset: number;
}

/** What a scan of the log (recovery or read-only) delivers, and from where. */
export interface WalReplay {
  /**
   * Skip whole files whose records all lie below this row (known from file headers alone). Records
   * below it in the first file read are still delivered: the caller skips them by their own row
   * index, which only it can decode from the payload. Default: every file.
   */
  fromRow?: number;
  /** Called once per valid record, in log order. */
  onRecord(record: WalRecord): void;
  /**
   * Called when a record or file header fails but intact records follow it: the log is damaged
   * in the middle, not torn at its end. Return to skip the damaged bytes and go on with the
   * intact records; throw to refuse. Without a handler the scan throws a CorruptError naming
   * the damage. Nothing is ever cut past a damaged record.
   */
  onDamage?(damage: WalDamage): void;
}

/** A damaged stretch of the log with intact records after it. */
export interface WalDamage extends WalStop {
  /** Where the intact records resume: file and offset of the next valid frame. */
  resumeFile: number;
  resumeOffset: number;
  /** Bytes skipped, from the damaged frame (or file) to the resume point. */
  bytes: number;
}

/** Why a scan stopped before the end of the log: the first record (or file header) that failed. */
export type WalCutReason =
  /** The file header is shorter than a header, zero-filled, or fails its checksum. */
  | 'file-header'
  /** Fewer bytes than a frame header remain. */
  | 'frame-header'
  /** A zero length field (a zero-filled tail). */
  | 'empty-record'
  /** The length field exceeds `maxRecordBytes`. */
  | 'over-limit'
  /** The length field reaches past the end of the file. */
  | 'past-end'
  /** The payload does not match its CRC-32. */
  | 'checksum';

/** Where a scan stopped. */
export interface WalStop {
  /** Sequence number of the file. */
  file: number;
  /** Byte offset of the failing frame (0 for a file header). */
  offset: number;
  reason: WalCutReason;
}
