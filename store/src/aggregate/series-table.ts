import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { ByteReader, ByteWriter } from '../sketch/bytes.js';

/** Default cardinality cap: distinct (service, name) pairs kept apart. */
export const DEFAULT_MAX_SERIES = 10_000;
/** Service and name of the series that collects every span past the cap. */
export const OVERFLOW_NAME = '__overflow__';
/** The overflow series always exists, with this id. */
export const OVERFLOW_SERIES_ID = 0;
/** Estimated bytes per series besides its strings (two map entries, list slots, headers). */
const SERIES_OVERHEAD_BYTES = 160;

/** One series as listed by {@link SeriesTable.describe}. */
export interface SeriesName {
  service: string;
  name: string;
}

/**
 * Interns (service, span name) pairs to dense u32 ids: 0 is the overflow series
 * ("__overflow__", "__overflow__"), regular series take 1, 2, ... up to `maxSeries`. A new pair
 * past the cap maps to the overflow series, so memory is bounded by the cap (times the length of
 * the names, which row validation bounds).
 */
export class SeriesTable {
  /** Most regular series (the overflow series comes on top). */
  readonly maxSeries: number;
  private readonly services: string[] = [];
  private readonly names: string[] = [];
  /** service -> name -> id: two lookups, no key string built per span. */
  private readonly byService = new Map<string, Map<string, number>>();
  private readonly byName = new Map<string, number[]>();
  /**
   * Ids that repeat an earlier id's names, to that earlier (canonical) id. Only a table read
   * from disk has them: rows on disk still carry such ids, so they stay valid, but every lookup
   * answers the canonical id (see {@link readFrom}).
   */
  private readonly aliasOf = new Map<number, number>();
  private overflowCount = 0;
  private stringBytes = 0;

  constructor(maxSeries = DEFAULT_MAX_SERIES) {
    if (!(Number.isSafeInteger(maxSeries) && maxSeries >= 0 && maxSeries < 2 ** 32 - 1)) {
      throw new InvalidArgumentError(`maxSeries must be an integer in [0, 2^32 - 1), got ${maxSeries}`);
    }
    this.maxSeries = maxSeries;
    this.insert(OVERFLOW_NAME, OVERFLOW_NAME);
  }

  /** Number of ids in use, the overflow series included. */
  get size(): number {
    return this.services.length;
  }

  /**
   * Calls of {@link intern} that were routed to the overflow series because the table was full:
   * the number of spans routed there when the caller interns once per span.
   */
  get overflowed(): number {
    return this.overflowCount;
  }

  /** The id of (service, name), creating it if there is room, else the overflow id. */
  intern(service: string, name: string): number {
    const id = this.byService.get(service)?.get(name);
    if (id !== undefined) return id;
    if (this.services.length > this.maxSeries) {
      this.overflowCount++;
      return OVERFLOW_SERIES_ID;
    }
    return this.insert(service, name);
  }

  /** The id of (service, name) if it exists; never creates one. */
  lookup(service: string, name: string): number | undefined {
    return this.byService.get(service)?.get(name);
  }

  /** Ids of the series with this span name (in every service, or in `service` only), ascending. */
  find(name: string, service?: string): number[] {
    if (service !== undefined) {
      const id = this.lookup(service, name);
      return id === undefined ? [] : [id];
    }
    return [...(this.byName.get(name) ?? [])];
  }

  /** The id whose figures `id`'s are counted into: `id` itself unless it is an alias. */
  canonical(id: number): number {
    return this.aliasOf.get(id) ?? id;
  }

  /** True when `id` repeats the names of an earlier id (whose figures it is counted into). */
  isAlias(id: number): boolean {
    return this.aliasOf.has(id);
  }

  /** Aliases and their canonical ids, in id order: empty but for a table that repeated names. */
  aliases(): [alias: number, canonical: number][] {
    return [...this.aliasOf];
  }

  /** The names of an id. @throws NotFoundError for an id not in the table. */
  describe(id: number): SeriesName {
    const service = this.services[id];
    if (service === undefined) throw new NotFoundError(`no series with id ${id}`);
    return { service, name: this.names[id]! };
  }

  /** Estimated bytes held: strings (UTF-16) plus a fixed overhead per series. */
  memoryBytes(): number {
    return this.stringBytes + this.size * SERIES_OVERHEAD_BYTES;
  }

  /** Appends: u32 maxSeries, f64 overflowed, u32 size, then (service, name) strings in id order. */
  writeTo(w: ByteWriter): void {
    w.u32(this.maxSeries);
    w.f64(this.overflowCount);
    w.u32(this.size);
    for (let id = 0; id < this.size; id++) {
      w.string(this.services[id]!);
      w.string(this.names[id]!);
    }
  }

  /**
   * Reads what {@link writeTo} wrote. `maxSeries` overrides the stored cap (a lower cap keeps the
   * series already there; only new ones overflow). A pair of names seen twice (as stores written
   * before names had to be well-formed can hold: two names with lone surrogates that both became
   * U+FFFD) makes the later id an alias of the earlier one, not a reason to refuse the store.
   * CorruptError on malformed input.
   */
  static readFrom(r: ByteReader, maxSeries?: number): SeriesTable {
    const storedCap = r.u32();
    const overflowed = r.f64();
    const size = r.u32();
    if (!Number.isSafeInteger(overflowed) || overflowed < 0)
      throw r.corrupt(`bad overflow count ${overflowed}`);
    if (size < 1 || size > storedCap + 1) throw r.corrupt(`${size} series exceed the cap ${storedCap}`);
    const table = new SeriesTable(maxSeries ?? storedCap);
    table.overflowCount = overflowed;
    if (r.string() !== OVERFLOW_NAME || r.string() !== OVERFLOW_NAME)
      throw r.corrupt('series 0 is not the overflow series');
    for (let id = 1; id < size; id++) {
      const service = r.string();
      const name = r.string();
      const earlier = table.lookup(service, name);
      if (earlier === undefined) table.insert(service, name);
      else table.insertAlias(service, name, earlier);
    }
    return table;
  }

  /** Gives the next id to names already held by `canonical`, without indexing it. */
  private insertAlias(service: string, name: string, canonical: number): void {
    this.aliasOf.set(this.services.length, canonical);
    this.services.push(service);
    this.names.push(name);
    this.stringBytes += 2 * (service.length + name.length);
  }

  private insert(service: string, name: string): number {
    const id = this.services.length;
    this.services.push(service);
    this.names.push(name);
    let names = this.byService.get(service);
    if (names === undefined) {
      names = new Map();
      this.byService.set(service, names);
    }
    names.set(name, id);
    const ids = this.byName.get(name);
    if (ids === undefined) this.byName.set(name, [id]);
    else ids.push(id);
    this.stringBytes += 2 * (service.length + name.length);
    return id;
  }
}
