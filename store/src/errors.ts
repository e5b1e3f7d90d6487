/**
 * The store's error catalogue. Every error the store throws on purpose is a {@link LaptimeError}
 * with a stable `code`; callers (the collector, the CLI) switch on the code, never on the message.
 */

/** Stable error codes. Never renamed once published; new ones may be added. */
export const ErrorCode = {
  /** A row index past the end of the store. */
  NotFound: 'LT_NOT_FOUND',
  /** A row index that existed but was dropped by retention. */
  Expired: 'LT_EXPIRED',
  /** Another process holds the writer lock on the data directory. */
  Locked: 'LT_LOCKED',
  /** On-disk data failed a magic, version or checksum check. */
  Corrupt: 'LT_CORRUPT',
  /** On-disk data was written by a newer, unknown format version. */
  FormatVersion: 'LT_FORMAT_VERSION',
  /** The store (or a reader) was used after close(). */
  Closed: 'LT_CLOSED',
  /** A row that cannot be stored (bad ids, end before start, invalid value). */
  InvalidRow: 'LT_INVALID_ROW',
  /** A bad option or argument (negative pool size, unparsable duration, ...). */
  InvalidArgument: 'LT_INVALID_ARGUMENT',
  /** The disk is full (ENOSPC); nothing of the failed append was acknowledged. */
  NoSpace: 'LT_NO_SPACE',
  /** Any other I/O failure (EIO, short write that could not be completed, ...). */
  Io: 'LT_IO',
  /** A write was attempted through a read-only handle. */
  ReadOnly: 'LT_READ_ONLY',
  /** Every bufferpool frame is pinned: the pool is too small for the work asked of it. */
  PoolExhausted: 'LT_POOL_EXHAUSTED',
  /** More appends are waiting than the store's bound allows; retry later. */
  Overloaded: 'LT_OVERLOADED',
  /**
   * The write-ahead log reached its bound (`maxWalBytes`) because checkpoints fail or lag: appends
   * are refused until a checkpoint succeeds; retry later.
   */
  CheckpointBehind: 'LT_CHECKPOINT_BEHIND',
  /** A span name shared by several services was asked for without naming the service. */
  Ambiguous: 'LT_AMBIGUOUS',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base class of every error the store throws on purpose. */
export class LaptimeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class NotFoundError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

export class ExpiredError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.Expired, message);
  }
}

export class LockedError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.Locked, message);
  }
}

export class CorruptError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.Corrupt, message);
  }
}

export class FormatVersionError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.FormatVersion, message);
  }
}

export class ClosedError extends LaptimeError {
  constructor(message = 'the store is closed') {
    super(ErrorCode.Closed, message);
  }
}

export class InvalidRowError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.InvalidRow, message);
  }
}

export class InvalidArgumentError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.InvalidArgument, message);
  }
}

export class NoSpaceError extends LaptimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.NoSpace, message, options);
  }
}

export class IoError extends LaptimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.Io, message, options);
  }
}

export class ReadOnlyError extends LaptimeError {
  constructor(message = 'this store handle is read-only') {
    super(ErrorCode.ReadOnly, message);
  }
}

export class PoolExhaustedError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.PoolExhausted, message);
  }
}

export class OverloadedError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.Overloaded, message);
  }
}

export class CheckpointBehindError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.CheckpointBehind, message);
  }
}

export class AmbiguousError extends LaptimeError {
  constructor(message: string) {
    super(ErrorCode.Ambiguous, message);
  }
}

/** Maps a Node.js system error from a file operation onto the catalogue. */
export function fromSystemError(err: unknown, what: string): LaptimeError {
  if (err instanceof LaptimeError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new NoSpaceError(`no space left while ${what}: ${detail}`, { cause: err });
  return new IoError(`I/O error while ${what}: ${detail}`, { cause: err });
}
