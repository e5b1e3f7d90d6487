/**
 * What a data directory holds, read through a read-only snapshot (`Store.openReader`, safe beside
 * the running collector): how often each span id occurs, and a recount of every series.
 */
import { Store } from '@laptime/store';

/** Error status code of a stored row (OTLP's STATUS_CODE_ERROR). */
const STATUS_ERROR = 2;

/** Count and errors of one series, recounted from its rows. */
export interface SeriesRecount {
  count: number;
  errors: number;
}

/** The rows of a store from some index on. */
export interface StoredSpans {
  /** Rows in the store (the global length, not only those read). */
  length: number;
  /** Occurrences of each span id (16 hex digits) among the rows read. */
  occurrences: Map<string, number>;
  /** Per series (`service` NUL `name`), over the rows read. */
  series: Map<string, SeriesRecount>;
}

/** The key of a series in {@link StoredSpans.series}. */
export function seriesKey(service: string, name: string): string {
  return `${service}\u0000${name}`;
}

/**
 * Reads every row from `from` to the end of the snapshot into `into` (so successive calls can
 * add only the new tail) and returns it.
 */
export async function readStoredSpans(
  dataDir: string,
  from: number,
  into?: StoredSpans,
): Promise<StoredSpans> {
  const out: StoredSpans = into ?? {
    length: 0,
    occurrences: new Map<string, number>(),
    series: new Map<string, SeriesRecount>(),
  };
  const reader = await Store.openReader(dataDir);
  try {
    out.length = reader.length;
    for (let i = Math.max(from, reader.firstIndex); i < reader.length; i++) {
      const row = reader.fetch(i);
      const id = Buffer.from(row.spanId).toString('hex');
      out.occurrences.set(id, (out.occurrences.get(id) ?? 0) + 1);
      const key = seriesKey(row.service, row.name);
      const s = out.series.get(key) ?? { count: 0, errors: 0 };
      s.count++;
      if (row.statusCode === STATUS_ERROR) s.errors++;
      out.series.set(key, s);
    }
  } finally {
    await reader.close();
  }
  return out;
}
