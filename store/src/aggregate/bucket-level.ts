import type { ByteReader, ByteWriter } from '../sketch/bytes.js';
import type { DDSketch } from '../sketch/dd-sketch.js';
import type { RunningStats } from './running-stats.js';
import {
  forEachKey,
  insertKey,
  mergeRecord,
  newRecord,
  readFields,
  recordAdd,
  writeFields,
  type RecordFields,
  type WordAllocator,
} from './bucket-record.js';
import { PAGE_WORDS, PagePool } from './page-pool.js';

/** Index value: the series has no data in the bucket. */
const EMPTY = -1;
/** Index value: the bucket had data that did not fit the budget; windows over it cannot be answered. */
const LOST = -2;
/** Bytes per index entry (one i32 per slot and series). */
const INDEX_ENTRY_BYTES = 4;
/** Least series the index grows by, so early growth is not one copy per new series. */
const INDEX_MIN_GROWTH = 64;
/** Bytes of per-slot arrays (epoch, next, end: one f64 each). */
const SLOT_BYTES = 24;

/** What a window over the level's buckets adds up to. */
export interface LevelWindow {
  stats: RunningStats;
  sketch: DDSketch;
  /** Earliest / latest span start seen (unix ms), or null. */
  firstSeen: number | null;
  lastSeen: number | null;
}

/**
 * One ring of time buckets of `widthMs` for every series: the buckets of the last `slots` epochs
 * (epoch = floor(startMs / widthMs)), counting back from the newest span start seen (the
 * high-water mark: following span times rather than the wall clock makes a WAL replay rebuild
 * the same buckets). All records of one epoch live in that slot's own pages, so when the epoch
 * leaves the ring its pages go back to the pool at once: no per-record freeing, no fragmentation.
 *
 * An index of slots x series i32 maps (slot, series) to the series' record in that bucket. It
 * grows with the series seen, and it and the pages together never pass `budgetBytes`.
 */
/** Bucket records written between two yields of {@link BucketLevel.writeSteps}. */
const WRITE_STEP_RECORDS = 2048;

export class BucketLevel implements WordAllocator {
  readonly widthMs: number;
  readonly slots: number;
  readonly budgetBytes: number;
  /** Series ids are below this: the index never grows past it. */
  readonly maxSeriesIds: number;
  private readonly pool = new PagePool();
  /** Epoch held by each slot (NaN: never claimed). */
  private readonly slotEpoch: Float64Array;
  private readonly slotPages: number[][];
  /** Bump allocation in the slot's current page: next free address and the page's end. */
  private readonly slotNext: Float64Array;
  private readonly slotEnd: Float64Array;
  private index = new Int32Array(0);
  private seriesCapacity = 0;
  /** Set once a series could not enter the index: series past it may have lost spans. */
  private indexFull = false;
  /** Newest epoch seen. */
  private hwm = -Infinity;
  /** Slot that {@link alloc} serves (set before each add; the allocator interface has no slot argument). */
  private current = 0;
  private lostCount = 0;

  constructor(widthMs: number, slots: number, budgetBytes: number, maxSeriesIds: number) {
    this.widthMs = widthMs;
    this.slots = slots;
    this.budgetBytes = budgetBytes;
    this.maxSeriesIds = maxSeriesIds;
    this.slotEpoch = new Float64Array(slots).fill(NaN);
    this.slotPages = Array.from({ length: slots }, () => []);
    this.slotNext = new Float64Array(slots);
    this.slotEnd = new Float64Array(slots);
  }

  /** Buckets given up because the budget was spent (or a table or a count was full). */
  get lost(): number {
    return this.lostCount;
  }

  /** Newest epoch seen (-Infinity before any span). */
  get newestEpoch(): number {
    return this.hwm;
  }

  /** Bytes held: pages created, the index and the slot arrays. */
  memoryBytes(): number {
    return this.pool.allocatedBytes + this.index.byteLength + this.slots * SLOT_BYTES;
  }

  /** Counts one span (`key` is its duration's sketch key). O(1) amortised; allocates only pages. */
  add(seriesId: number, startMs: number, value: number, key: number, isError: boolean): void {
    const e = Math.floor(startMs / this.widthMs);
    if (e > this.hwm) this.advance(e);
    else if (e <= this.hwm - this.slots) return; // older than the ring: no window can ask for it
    const s = this.slotOf(e);
    if (this.slotEpoch[s] !== e) this.claim(s, e);
    if (seriesId >= this.seriesCapacity && !this.growIndex(seriesId)) {
      this.lostCount++;
      return;
    }
    const at = s * this.seriesCapacity + seriesId;
    let rec = this.index[at]!;
    if (rec === LOST) return;
    this.current = s;
    if (rec === EMPTY) {
      rec = newRecord(this.pool, this);
      if (rec < 0) {
        this.markLost(at);
        return;
      }
      this.index[at] = rec;
    }
    if (!recordAdd(this.pool, this, rec, startMs - e * this.widthMs, value, key, isError)) this.markLost(at);
  }

  /** Whether epochs from `fromEpoch` on are all still in the ring. */
  retains(fromEpoch: number): boolean {
    return fromEpoch > this.hwm - this.slots;
  }

  /**
   * Merges the series' buckets of epochs [fromEpoch, toEpoch) into `into`. Returns false (and
   * leaves `into` partly filled) when an epoch is out of the ring or a bucket of it was lost.
   */
  collect(seriesId: number, fromEpoch: number, toEpoch: number, into: LevelWindow): boolean {
    if (!this.retains(fromEpoch)) return false;
    if (seriesId >= this.seriesCapacity) return !this.indexFull;
    const last = Math.min(toEpoch - 1, this.hwm);
    for (let e = fromEpoch; e <= last; e++) {
      const s = this.slotOf(e);
      if (this.slotEpoch[s] !== e) continue;
      const rec = this.index[s * this.seriesCapacity + seriesId]!;
      if (rec === EMPTY) continue;
      if (rec === LOST) return false;
      mergeRecord(this.pool, rec, into.stats, into.sketch);
      const f = readFields(this.pool, rec);
      const start = e * this.widthMs;
      if (into.firstSeen === null || start + f.firstOffset < into.firstSeen)
        into.firstSeen = start + f.firstOffset;
      if (into.lastSeen === null || start + f.lastOffset > into.lastSeen)
        into.lastSeen = start + f.lastOffset;
    }
    return true;
  }

  /** Allocates `words` (even) in the current slot's pages; -1 when the budget is spent. */
  alloc(words: number): number {
    const s = this.current;
    let next = this.slotNext[s]!;
    if (next + words > this.slotEnd[s]!) {
      const page = this.pool.acquire(this.budgetBytes - this.index.byteLength - this.slots * SLOT_BYTES);
      if (page < 0) return -1;
      this.slotPages[s]!.push(page);
      next = page * PAGE_WORDS;
      this.slotEnd[s] = next + PAGE_WORDS;
    }
    this.slotNext[s] = next + words;
    return next;
  }

  /**
   * Appends the live buckets. Layout: f64 widthMs | u32 slots | f64 newest epoch | f64 lost |
   * u8 index full | u32 live slots, each: f64 epoch | u32 records, each: u32 series | u8 state
   * (0 live, 1 lost); a live one goes on with u32 count, u32 errors, f32 first, f32 last, f32 min,
   * f32 max, f64 mean, f64 M2, u32 entries n, n x (i32 key, u32 count) keys ascending.
   */
  writeTo(w: ByteWriter): void {
    for (const _ of this.writeSteps(w));
  }

  /**
   * {@link writeTo} in steps: yields after every {@link WRITE_STEP_RECORDS} records, so that a
   * caller can give the event loop a turn between slices. The level must not change meanwhile.
   */
  *writeSteps(w: ByteWriter): Generator<void, void, undefined> {
    w.f64(this.widthMs);
    w.u32(this.slots);
    w.f64(this.hwm);
    w.f64(this.lostCount);
    w.u8(this.indexFull ? 1 : 0);
    const live: number[] = [];
    for (let s = 0; s < this.slots; s++) {
      const e = this.slotEpoch[s]!;
      if (!Number.isNaN(e) && this.retains(e)) live.push(s);
    }
    w.u32(live.length);
    let written = 0;
    for (const s of live) {
      w.f64(this.slotEpoch[s]!);
      const row = this.index.subarray(s * this.seriesCapacity, (s + 1) * this.seriesCapacity);
      w.u32(row.reduce((n, rec) => (rec === EMPTY ? n : n + 1), 0));
      for (let seriesId = 0; seriesId < row.length; seriesId++) {
        const rec = row[seriesId]!;
        if (rec === EMPTY) continue;
        if (++written % WRITE_STEP_RECORDS === 0) yield;
        w.u32(seriesId);
        w.u8(rec === LOST ? 1 : 0);
        if (rec === LOST) continue;
        const f = readFields(this.pool, rec);
        w.u32(f.count);
        w.u32(f.errors);
        w.f32(f.firstOffset);
        w.f32(f.lastOffset);
        w.f32(f.min);
        w.f32(f.max);
        w.f64(f.mean);
        w.f64(f.m2);
        // Keys ascending, not in table order, so equal buckets always encode to equal bytes.
        const entries: [number, number][] = [];
        forEachKey(this.pool, rec, (key, count) => entries.push([key, count]));
        entries.sort((x, y) => x[0] - y[0]);
        w.u32(entries.length);
        for (const [key, count] of entries) {
          w.i32(key);
          w.u32(count);
        }
      }
    }
  }

  /**
   * Reads what {@link writeTo} wrote into this (empty) level; series ids must be below
   * `seriesIds`. Buckets that no longer fit the budget are marked lost. CorruptError on malformed input.
   */
  readFrom(r: ByteReader, seriesIds: number): void {
    const widthMs = r.f64();
    const slots = r.u32();
    if (widthMs !== this.widthMs || slots !== this.slots) {
      throw r.corrupt(
        `bucket level ${widthMs} ms x ${slots} does not match ${this.widthMs} ms x ${this.slots}`,
      );
    }
    const hwm = r.f64();
    const lost = r.f64();
    const indexFull = r.u8();
    if (!(Number.isSafeInteger(hwm) || hwm === -Infinity)) throw r.corrupt(`bad newest epoch ${hwm}`);
    if (!Number.isSafeInteger(lost) || lost < 0) throw r.corrupt(`bad lost count ${lost}`);
    if (indexFull > 1) throw r.corrupt(`bad index flag ${indexFull}`);
    this.hwm = hwm;
    this.lostCount = lost;
    this.indexFull = indexFull === 1;
    const liveSlots = r.u32();
    if (liveSlots > this.slots) throw r.corrupt(`${liveSlots} live slots of ${this.slots}`);
    for (let i = 0; i < liveSlots; i++) {
      const e = r.f64();
      if (!Number.isSafeInteger(e) || e > hwm || !this.retains(e))
        throw r.corrupt(`epoch ${e} is not in the ring`);
      const s = this.slotOf(e);
      if (this.slotEpoch[s] === e) throw r.corrupt(`epoch ${e} appears twice`);
      this.claim(s, e);
      this.current = s;
      const records = r.u32();
      let previous = -1;
      for (let j = 0; j < records; j++) {
        const seriesId = r.u32();
        if (seriesId <= previous || seriesId >= seriesIds) throw r.corrupt(`bad bucket series ${seriesId}`);
        previous = seriesId;
        this.readRecord(r, s, seriesId);
      }
    }
  }

  private readRecord(r: ByteReader, s: number, seriesId: number): void {
    const state = r.u8();
    if (state > 1) throw r.corrupt(`bad bucket state ${state}`);
    const parsed = state === 0 ? readBucket(r, this.widthMs) : null;
    if (seriesId >= this.seriesCapacity && !this.growIndex(seriesId)) {
      this.lostCount++;
      return;
    }
    const at = s * this.seriesCapacity + seriesId;
    if (parsed === null) {
      this.index[at] = LOST;
      return;
    }
    let rec = newRecord(this.pool, this);
    for (const [key, count] of parsed.entries) {
      if (rec >= 0 && !insertKey(this.pool, this, rec, key, count)) rec = -1;
    }
    if (rec < 0) {
      this.markLost(at);
      return;
    }
    writeFields(this.pool, rec, parsed.fields);
    this.index[at] = rec;
  }

  private markLost(at: number): void {
    this.index[at] = LOST;
    this.lostCount++;
  }

  /** epoch mod slots, never negative. Not `%`: on epochs held as doubles V8 calls fmod, several times slower. */
  private slotOf(epoch: number): number {
    return epoch - Math.floor(epoch / this.slots) * this.slots;
  }

  /** Moves the high-water mark to `epoch`, recycling the slots of the epochs that leave the ring. */
  private advance(epoch: number): void {
    const from = Math.max(this.hwm + 1, epoch - this.slots + 1);
    for (let e = from; e <= epoch; e++) this.claim(this.slotOf(e), e);
    this.hwm = epoch;
  }

  /** Gives slot `s` to `epoch`: its pages go back to the pool and its index row is emptied. */
  private claim(s: number, epoch: number): void {
    const pages = this.slotPages[s]!;
    for (const page of pages) this.pool.release(page);
    pages.length = 0;
    this.slotNext[s] = 0;
    this.slotEnd[s] = 0;
    this.index.fill(EMPTY, s * this.seriesCapacity, (s + 1) * this.seriesCapacity);
    this.slotEpoch[s] = epoch;
  }

  /** Grows the index to hold `seriesId` if the budget allows; false (and remembered) when not. */
  private growIndex(seriesId: number): boolean {
    const room = this.budgetBytes - this.pool.allocatedBytes - this.slots * SLOT_BYTES;
    const affordable = Math.floor(room / (this.slots * INDEX_ENTRY_BYTES));
    const wanted = Math.max(seriesId + INDEX_MIN_GROWTH, 2 * this.seriesCapacity);
    const capacity = Math.min(affordable, this.maxSeriesIds, wanted);
    if (capacity <= seriesId) {
      this.indexFull = true;
      return false;
    }
    const next = new Int32Array(this.slots * capacity).fill(EMPTY);
    for (let s = 0; s < this.slots; s++) {
      next.set(this.index.subarray(s * this.seriesCapacity, (s + 1) * this.seriesCapacity), s * capacity);
    }
    this.index = next;
    this.seriesCapacity = capacity;
    return true;
  }
}

/** One live bucket as read from a checkpoint, checked for consistency. */
function readBucket(r: ByteReader, widthMs: number): { fields: RecordFields; entries: [number, number][] } {
  const fields: RecordFields = {
    count: r.u32(),
    errors: r.u32(),
    firstOffset: r.f32(),
    lastOffset: r.f32(),
    min: r.f32(),
    max: r.f32(),
    mean: r.f64(),
    m2: r.f64(),
  };
  const n = r.u32();
  // float32 may round an offset just below the bucket's end up to it.
  const inBucket = (o: number): boolean => o >= 0 && o <= widthMs;
  if (
    fields.count === 0 ||
    fields.errors > fields.count ||
    !inBucket(fields.firstOffset) ||
    !(inBucket(fields.lastOffset) && fields.lastOffset >= fields.firstOffset) ||
    !(fields.min >= 0 && fields.min <= fields.max) ||
    !(fields.m2 >= 0 && Number.isFinite(fields.mean)) ||
    n > fields.count
  ) {
    throw r.corrupt('inconsistent bucket');
  }
  const entries: [number, number][] = [];
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const key = r.i32();
    const count = r.u32();
    if (count === 0) throw r.corrupt('empty bucket entry');
    if (k > 0 && key <= entries[k - 1]![0]) throw r.corrupt('bucket keys are not ascending');
    sum += count;
    entries.push([key, count]);
  }
  if (sum !== fields.count) throw r.corrupt(`bucket entries add up to ${sum}, not ${fields.count}`);
  return { fields, entries };
}
