import type { DDSketch } from '../sketch/dd-sketch.js';
import type { RunningStats } from './running-stats.js';
import { PAGE_MASK, PAGE_SHIFT, type PagePool } from './page-pool.js';

/**
 * One (series, time bucket) record in pool pages: its running stats, and its durations as a
 * small open-addressing hash table from sketch key to count (so a bucket with 3 spans costs 3
 * entries, not a dense array over the whole key range).
 *
 * Record layout, in 32-bit words from the record's address (always even, so f64 are aligned):
 *
 *     0 count u32 | 1 errors u32 | 2 table address | 3 entries used (bits 0-23), log2(capacity) (bits 24-31)
 *     4 first start f32 (ms after the bucket's start) | 5 last start f32 | 6 min f32 | 7 max f32
 *     8 mean f64 | 10 M2 f64
 *
 * Min and max are float32: within 6e-8 of the exact values for any duration the store holds
 * (integer ns below 2^64, inside float32's range), far inside the 1% a window reports, and 8
 * bytes less per bucket. Values outside float32's normal range (below 1.2e-38 or above 3.4e38)
 * would lose their bounds. Mean and M2 stay float64 for Welford's stability.
 * Table entry i at the table's address: word 2i key i32, word 2i + 1 count u32 (0 = empty).
 */
export const RECORD_WORDS = 12;
/** log2 of a new record's table capacity: 2 entries (1 key), allocated with the record. */
export const INITIAL_TABLE_LOG2 = 1;
/** log2 of the largest table: 2048 entries (16 KiB), enough for 1536 distinct keys (a 1:2e13 range at 1%). */
export const MAX_TABLE_LOG2 = 11;
/** Key of zero durations (real keys lie within +-40,000). */
export const ZERO_KEY = -0x8000_0000;
/** Largest count a u32 word holds: a bucket reaching it is given up rather than wrapped. */
const U32_MAX = 0xffff_ffff;
/** Fibonacci hashing multiplier (2^32 / golden ratio). */
const HASH_MULTIPLIER = 0x9e37_79b1;
const USED_MASK = 0xff_ffff;
const LOG2_SHIFT = 24;

const COUNT = 0;
const ERRORS = 1;
const TABLE = 2;
const SHAPE = 3;
const FIRST = 4;
const LAST = 5;
const MIN = 6;
const MAX = 7;
const MEAN = 4; // f64 index within the record
const M2 = 5;

/** Where records and tables get their words; returns -1 when the budget is spent. */
export interface WordAllocator {
  alloc(words: number): number;
}

/** The record's fields, for readers and the checkpoint. */
export interface RecordFields {
  count: number;
  errors: number;
  /** ms after the bucket's start; +Infinity / -Infinity when empty. */
  firstOffset: number;
  lastOffset: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
}

/** Allocates and initialises an empty record with its first table; -1 when out of budget. */
export function newRecord(pool: PagePool, allocator: WordAllocator): number {
  const tableWords = 2 << INITIAL_TABLE_LOG2;
  const rec = allocator.alloc(RECORD_WORDS + tableWords);
  if (rec < 0) return -1;
  const w = rec & PAGE_MASK;
  const page = rec >>> PAGE_SHIFT;
  const u32 = pool.u32[page]!;
  const f32 = pool.f32[page]!;
  u32.fill(0, w, w + RECORD_WORDS + tableWords);
  u32[TABLE + w] = rec + RECORD_WORDS;
  u32[SHAPE + w] = INITIAL_TABLE_LOG2 << LOG2_SHIFT;
  f32[FIRST + w] = Infinity;
  f32[LAST + w] = -Infinity;
  f32[MIN + w] = Infinity;
  f32[MAX + w] = -Infinity;
  return rec;
}

/**
 * Adds one span to a record: O(1) amortised, no allocation except when its table doubles.
 * Returns false when the record cannot take it (table full past {@link MAX_TABLE_LOG2}, budget
 * spent, or a count would pass 2^32 - 1): the caller marks the bucket lost.
 */
export function recordAdd(
  pool: PagePool,
  allocator: WordAllocator,
  rec: number,
  offsetMs: number,
  value: number,
  key: number,
  isError: boolean,
): boolean {
  const w = rec & PAGE_MASK;
  const page = rec >>> PAGE_SHIFT;
  const u32 = pool.u32[page]!;
  const n = u32[COUNT + w]!;
  if (n === U32_MAX) return false;
  if (!insertKey(pool, allocator, rec, key, 1)) return false;
  u32[COUNT + w] = n + 1;
  if (isError) u32[ERRORS + w] = u32[ERRORS + w]! + 1;
  const f32 = pool.f32[page]!;
  if (offsetMs < f32[FIRST + w]!) f32[FIRST + w] = offsetMs;
  if (offsetMs > f32[LAST + w]!) f32[LAST + w] = offsetMs;
  if (value < f32[MIN + w]!) f32[MIN + w] = value;
  if (value > f32[MAX + w]!) f32[MAX + w] = value;
  const f64 = pool.f64[page]!;
  const d = w >> 1;
  const mean = f64[MEAN + d]!;
  const delta = value - mean;
  const next = mean + delta / (n + 1);
  f64[MEAN + d] = next;
  f64[M2 + d] = f64[M2 + d]! + delta * (value - next);
  return true;
}

/** Adds `count` to `key` in the record's table, doubling it when 3/4 full. False when it cannot grow. */
export function insertKey(
  pool: PagePool,
  allocator: WordAllocator,
  rec: number,
  key: number,
  count: number,
): boolean {
  const w = rec & PAGE_MASK;
  const u32 = pool.u32[rec >>> PAGE_SHIFT]!;
  for (;;) {
    const table = u32[TABLE + w]!;
    const shape = u32[SHAPE + w]!;
    const log2 = shape >>> LOG2_SHIFT;
    const tw = table & PAGE_MASK;
    const keys = pool.i32[table >>> PAGE_SHIFT]!;
    const counts = pool.u32[table >>> PAGE_SHIFT]!;
    const mask = (1 << log2) - 1;
    for (let h = Math.imul(key, HASH_MULTIPLIER) >>> (32 - log2); ; h = (h + 1) & mask) {
      const at = tw + 2 * h;
      const c = counts[at + 1]!;
      if (c === 0) {
        const used = shape & USED_MASK;
        if ((used + 1) * 4 > 3 << log2) break;
        keys[at] = key;
        counts[at + 1] = count;
        u32[SHAPE + w] = shape + 1;
        return true;
      }
      if (keys[at] === key) {
        if (c + count > U32_MAX) return false;
        counts[at + 1] = c + count;
        return true;
      }
    }
    if (!growTable(pool, allocator, rec)) return false;
  }
}

/** Calls `fn(key, count)` for each table entry (in table order). */
export function forEachKey(pool: PagePool, rec: number, fn: (key: number, count: number) => void): void {
  const w = rec & PAGE_MASK;
  const u32 = pool.u32[rec >>> PAGE_SHIFT]!;
  const table = u32[TABLE + w]!;
  const tw = table & PAGE_MASK;
  const keys = pool.i32[table >>> PAGE_SHIFT]!;
  const counts = pool.u32[table >>> PAGE_SHIFT]!;
  const capacity = 1 << (u32[SHAPE + w]! >>> LOG2_SHIFT);
  for (let h = 0; h < capacity; h++) {
    const c = counts[tw + 2 * h + 1]!;
    if (c !== 0) fn(keys[tw + 2 * h]!, c);
  }
}

export function readFields(pool: PagePool, rec: number): RecordFields {
  const w = rec & PAGE_MASK;
  const page = rec >>> PAGE_SHIFT;
  const u32 = pool.u32[page]!;
  const f32 = pool.f32[page]!;
  const f64 = pool.f64[page]!;
  const d = w >> 1;
  return {
    count: u32[COUNT + w]!,
    errors: u32[ERRORS + w]!,
    firstOffset: f32[FIRST + w]!,
    lastOffset: f32[LAST + w]!,
    min: f32[MIN + w]!,
    max: f32[MAX + w]!,
    mean: f64[MEAN + d]!,
    m2: f64[M2 + d]!,
  };
}

/** Overwrites the record's stats fields (the table is filled with {@link insertKey}). */
export function writeFields(pool: PagePool, rec: number, f: RecordFields): void {
  const w = rec & PAGE_MASK;
  const page = rec >>> PAGE_SHIFT;
  const u32 = pool.u32[page]!;
  const f32 = pool.f32[page]!;
  const f64 = pool.f64[page]!;
  const d = w >> 1;
  u32[COUNT + w] = f.count;
  u32[ERRORS + w] = f.errors;
  f32[FIRST + w] = f.firstOffset;
  f32[LAST + w] = f.lastOffset;
  f32[MIN + w] = f.min;
  f32[MAX + w] = f.max;
  f64[MEAN + d] = f.mean;
  f64[M2 + d] = f.m2;
}

/** Merges a record into a window's stats and sketch. */
export function mergeRecord(pool: PagePool, rec: number, stats: RunningStats, sketch: DDSketch): void {
  const f = readFields(pool, rec);
  stats.mergeMoments(f.count, f.errors, f.mean * f.count, f.mean, f.m2, f.min, f.max);
  forEachKey(pool, rec, (key, count) => {
    if (key === ZERO_KEY) sketch.addZeroCount(count);
    else sketch.addKeyCount(key, count);
  });
  sketch.widenBounds(f.min, f.max);
}

/** Moves the table to one of twice the capacity (the old one stays until its epoch is recycled). */
function growTable(pool: PagePool, allocator: WordAllocator, rec: number): boolean {
  const w = rec & PAGE_MASK;
  const u32 = pool.u32[rec >>> PAGE_SHIFT]!;
  const shape = u32[SHAPE + w]!;
  const log2 = shape >>> LOG2_SHIFT;
  if (log2 >= MAX_TABLE_LOG2) return false;
  const table = allocator.alloc(2 << (log2 + 1));
  if (table < 0) return false;
  const old = u32[TABLE + w]!;
  const oldKeys = pool.i32[old >>> PAGE_SHIFT]!;
  const oldCounts = pool.u32[old >>> PAGE_SHIFT]!;
  const ow = old & PAGE_MASK;
  const keys = pool.i32[table >>> PAGE_SHIFT]!;
  const counts = pool.u32[table >>> PAGE_SHIFT]!;
  const tw = table & PAGE_MASK;
  const log2Next = log2 + 1;
  const mask = (1 << log2Next) - 1;
  counts.fill(0, tw, tw + (2 << log2Next));
  for (let i = 0; i < 1 << log2; i++) {
    const c = oldCounts[ow + 2 * i + 1]!;
    if (c === 0) continue;
    const key = oldKeys[ow + 2 * i]!;
    let h = Math.imul(key, HASH_MULTIPLIER) >>> (32 - log2Next);
    while (counts[tw + 2 * h + 1] !== 0) h = (h + 1) & mask;
    keys[tw + 2 * h] = key;
    counts[tw + 2 * h + 1] = c;
  }
  u32[TABLE + w] = table;
  u32[SHAPE + w] = (log2Next << LOG2_SHIFT) | (shape & USED_MASK);
  return true;
}
