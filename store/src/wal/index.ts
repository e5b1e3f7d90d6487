export { Wal } from './wal.js';
export type { WalOpened, WalRecovery } from './wal.js';
export { readWal } from './reader.js';
export type { WalRead } from './reader.js';
export type { WalCut } from './cut.js';
export type { WalCutReason, WalRecord, WalReplay, WalStop } from './replay.js';
export {
  DEFAULT_MAX_PENDING_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_WAL_FILE_BYTES,
  MAX_RECORD_BYTES_CEILING,
} from './options.js';
export type { WalOptions, WalReadOptions } from './options.js';
