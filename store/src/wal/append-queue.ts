import { frameBytes } from './frame.js';

/** An append waiting for its group commit. */
export interface PendingAppend {
  payload: Uint8Array;
  firstRow: number;
  rowCount: number;
  resolve(): void;
  reject(error: Error): void;
}

/** Appends in call order, taken from the front in groups of bounded size. */
export class AppendQueue {
  private entries: PendingAppend[] = [];

  push(entry: PendingAppend): void {
    this.entries.push(entry);
  }

  /** The last queued append, if any. */
  last(): PendingAppend | undefined {
    return this.entries.at(-1);
  }

  /**
   * Removes and returns the longest prefix whose framed size fits `maxBytes` (always at least
   * one append, so a record larger than the bound still goes, alone); undefined when empty.
   */
  take(maxBytes: number): PendingAppend[] | undefined {
    if (this.entries.length === 0) return undefined;
    let count = 0;
    let bytes = 0;
    for (const entry of this.entries) {
      bytes += frameBytes(entry.payload.length);
      if (count > 0 && bytes > maxBytes) break;
      count++;
    }
    return this.entries.splice(0, count);
  }
}
