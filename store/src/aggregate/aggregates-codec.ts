import { crc32 } from 'node:zlib';
import { FormatVersionError } from '../errors.js';
import { ByteReader, ByteWriter } from '../sketch/bytes.js';
import { DDSketch } from '../sketch/dd-sketch.js';
import { RunningStats } from './running-stats.js';
import { SeriesTable } from './series-table.js';
import type { TimeBuckets } from './time-buckets.js';

/** 'LTAG' read as a little-endian u32. */
const AGG_MAGIC = 0x4741544c;
const AGG_VERSION = 1;
/** Bytes before the checksummed body: magic, version, reserved, CRC. */
const HEADER_BYTES = 12;
const CRC_OFFSET = 8;

/** Everything an Aggregates is, as the checkpoint holds it. */
export interface AggregatesState {
  relativeAccuracy: number;
  table: SeriesTable;
  /** Per series id: stats, sketch, first and last span start (+/-Infinity when empty). */
  stats: RunningStats[];
  sketches: DDSketch[];
  firstSeen: number[];
  lastSeen: number[];
  buckets: TimeBuckets;
}

/**
 * Encodes the aggregates checkpoint (agg/<checkpoint>.agg), little-endian:
 *
 *     u32 magic 'LTAG' | u16 version (1) | u16 reserved (0) | u32 CRC-32 (zlib) of bytes [12, end)
 *     f64 relativeAccuracy | series table (SeriesTable.writeTo)
 *     per series id: running stats (7 f64) | f64 firstSeen | f64 lastSeen | sketch (writeSketch)
 *     time buckets (TimeBuckets.writeTo)
 */
export function writeAggregates(s: AggregatesState): Uint8Array {
  const steps = writeAggregatesSteps(s);
  for (let r = steps.next(); ; r = steps.next()) if (r.done === true) return r.value.slice();
}

/** Series written between two yields of {@link writeAggregatesSteps}. */
const SERIES_PER_STEP = 512;
/** Bytes checksummed between two yields. */
const CRC_BYTES_PER_STEP = 4 * 1024 * 1024;

/**
 * {@link writeAggregates} in steps: yields between slices of a few milliseconds (series, bucket
 * records, checksum chunks) and returns the bytes (a view of a buffer sized from `sizeHint`, not a
 * copy), so that a caller can let the event loop run between slices. The state must not change
 * until it returns.
 */
export function* writeAggregatesSteps(
  s: AggregatesState,
  sizeHint = 0,
): Generator<void, Uint8Array, undefined> {
  const w = new ByteWriter(sizeHint);
  w.u32(AGG_MAGIC);
  w.u16(AGG_VERSION);
  w.u16(0);
  w.u32(0);
  w.f64(s.relativeAccuracy);
  s.table.writeTo(w);
  for (let id = 0; id < s.table.size; id++) {
    if (id % SERIES_PER_STEP === SERIES_PER_STEP - 1) yield;
    s.stats[id]!.writeTo(w);
    w.f64(s.firstSeen[id]!);
    w.f64(s.lastSeen[id]!);
    s.sketches[id]!.writeTo(w);
  }
  yield* s.buckets.writeSteps(w);
  const bytes = w.written();
  let crc = 0;
  for (let at = HEADER_BYTES; at < bytes.length; at += CRC_BYTES_PER_STEP) {
    yield;
    crc = crc32(bytes.subarray(at, Math.min(bytes.length, at + CRC_BYTES_PER_STEP)), crc);
  }
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(CRC_OFFSET, crc, true);
  return bytes;
}

/**
 * Decodes {@link writeAggregates}' output, checking magic, version, then checksum, then every
 * part's consistency. `maxSeries` overrides the stored cap; `makeBuckets` creates the (empty)
 * buckets to read into, with the caller's budget, for series ids below `maxSeriesIds`.
 * @throws CorruptError on any malformed input; FormatVersionError for a newer version.
 */
export function readAggregates(
  bytes: Uint8Array,
  maxSeries: number | undefined,
  makeBuckets: (relativeAccuracy: number, maxSeriesIds: number) => TimeBuckets,
): AggregatesState {
  const r = new ByteReader(bytes, 'aggregates checkpoint');
  if (r.u32() !== AGG_MAGIC) throw r.corrupt('bad magic');
  const version = r.u16();
  if (version > AGG_VERSION) {
    throw new FormatVersionError(`aggregates format version ${version} is newer than ${AGG_VERSION}`);
  }
  if (version !== AGG_VERSION) throw r.corrupt(`bad version ${version}`);
  if (r.u16() !== 0) throw r.corrupt('reserved field is not zero');
  const stored = r.u32();
  if (crc32(bytes.subarray(HEADER_BYTES)) !== stored) throw r.corrupt('checksum mismatch');

  const relativeAccuracy = r.f64();
  if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
    throw r.corrupt(`bad relativeAccuracy ${relativeAccuracy}`);
  const table = SeriesTable.readFrom(r, maxSeries);
  const state: AggregatesState = {
    relativeAccuracy,
    table,
    stats: [],
    sketches: [],
    firstSeen: [],
    lastSeen: [],
    buckets: makeBuckets(relativeAccuracy, Math.max(table.size, table.maxSeries + 1)),
  };
  for (let id = 0; id < table.size; id++) {
    const stats = RunningStats.readFrom(r);
    const first = r.f64();
    const last = r.f64();
    const sketch = DDSketch.readFrom(r);
    const times = stats.count === 0 ? first === Infinity && last === -Infinity : first <= last;
    if (!times) throw r.corrupt(`series ${id}: bad first/last span times`);
    if (sketch.count !== stats.count || sketch.relativeAccuracy !== relativeAccuracy) {
      throw r.corrupt(`series ${id}: sketch does not match its stats`);
    }
    state.stats.push(stats);
    state.firstSeen.push(first);
    state.lastSeen.push(last);
    state.sketches.push(sketch);
  }
  state.buckets.readFrom(r, table.size);
  r.end();
  return state;
}
