/** Compares what the load generator was told with what the store holds. */
import type { AckLedger } from '../load/ack-ledger.js';
import type { StoredSpans } from './stored-spans.js';

/** Ids listed per kind of problem, at most (the counts are complete). */
const SHOWN = 5;

/** The outcome of a comparison; `ok` when every list is empty. */
export interface LedgerCheck {
  ok: boolean;
  acked: number;
  /** Acknowledged but not stored: lost. */
  lost: number;
  /** Stored more than once. */
  duplicated: number;
  /** Stored but never sent by this run. */
  unknown: number;
  /** Sent, not acknowledged, yet stored (allowed: durable before the crash cut the answer). */
  unackedStored: number;
  /** A few ids of each problem, for the failure message. */
  examples: string[];
}

/** Every acknowledged span exactly once, every other sent span at most once, nothing else. */
export function checkLedger(ledger: AckLedger, stored: StoredSpans): LedgerCheck {
  const examples: string[] = [];
  const note = (what: string, id: string): void => {
    if (examples.length < SHOWN * 3) examples.push(`${what} ${id}`);
  };
  let lost = 0;
  let duplicated = 0;
  let unknown = 0;
  let unackedStored = 0;
  for (const id of ledger.acked) {
    if (!stored.occurrences.has(id)) {
      lost++;
      note('lost', id);
    }
  }
  for (const [id, n] of stored.occurrences) {
    if (n > 1) {
      duplicated++;
      note(`stored ${n}x`, id);
    }
    if (ledger.unacked.has(id)) unackedStored++;
    else if (!ledger.acked.has(id)) {
      unknown++;
      note('unknown', id);
    }
  }
  return {
    ok: lost === 0 && duplicated === 0 && unknown === 0,
    acked: ledger.acked.size,
    lost,
    duplicated,
    unknown,
    unackedStored,
    examples,
  };
}
