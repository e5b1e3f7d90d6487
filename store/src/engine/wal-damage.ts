/** How the engine words a WAL damaged in the middle, for the writer, readers and `verify`. */
import { CorruptError } from '../errors.js';
import type { WalDamage } from '../wal/replay.js';
import { describeWalDamage } from '../wal/scan.js';

/**
 * The refusal to open past a damaged record that held rows `[lostFrom, lostTo)`: where it is,
 * which rows it held, and the way out.
 */
export function walDamageError(d: WalDamage, lostFrom: number, lostTo: number): CorruptError {
  return new CorruptError(
    `${describeWalDamage(d)}; rows ${lostFrom} to ${lostTo - 1} are in the damaged part; nothing was cut. ` +
      'Open with salvageWal (laptime serve --salvage-wal) to drop the damaged part and keep every later row, renumbered',
  );
}
