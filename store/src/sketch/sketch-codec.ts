import { FormatVersionError } from '../errors.js';
import type { ByteReader, ByteWriter } from './bytes.js';

/** 'LTSK' read as a little-endian u32. */
const SKETCH_MAGIC = 0x4b53544c;
const SKETCH_VERSION = 1;
/** Flag bit: bin counts are stored as f64 (some bin passed 2^32 - 1), else as u32. */
const FLAG_WIDE = 1;
/** Largest `maxBins` a file may ask for, so a corrupt header cannot make us allocate gigabytes. */
export const MAX_BINS_LIMIT = 1 << 20;

/** Everything a sketch is, as plain data: what is written and read back. */
export interface SketchState {
  relativeAccuracy: number;
  maxBins: number;
  count: number;
  zeroCount: number;
  /** +Infinity / -Infinity when empty. */
  min: number;
  max: number;
  /** Key of counts[0]. */
  lowKey: number;
  counts: Uint32Array | Float64Array;
  wide: boolean;
}

/**
 * Writes a sketch. Layout, little-endian:
 *
 *     u32 magic 'LTSK' | u16 version (1) | u16 flags (bit 0: f64 counts)
 *     f64 relativeAccuracy | u32 maxBins | f64 count | f64 zeroCount | f64 min | f64 max
 *     i32 lowKey | u32 bin count n | n counts (u32, or f64 with flag bit 0)
 */
export function writeSketch(w: ByteWriter, s: SketchState): void {
  w.u32(SKETCH_MAGIC);
  w.u16(SKETCH_VERSION);
  w.u16(s.wide ? FLAG_WIDE : 0);
  w.f64(s.relativeAccuracy);
  w.u32(s.maxBins);
  w.f64(s.count);
  w.f64(s.zeroCount);
  w.f64(s.min);
  w.f64(s.max);
  w.i32(s.counts.length === 0 ? 0 : s.lowKey);
  w.u32(s.counts.length);
  for (let i = 0; i < s.counts.length; i++) {
    if (s.wide) w.f64(s.counts[i]!);
    else w.u32(s.counts[i]!);
  }
}

/**
 * Reads a sketch written by {@link writeSketch}, checking magic, version, then every invariant:
 * a malformed sketch throws CorruptError, a newer version FormatVersionError.
 */
export function readSketch(r: ByteReader): SketchState {
  if (r.u32() !== SKETCH_MAGIC) throw r.corrupt('bad sketch magic');
  const version = r.u16();
  if (version > SKETCH_VERSION) {
    throw new FormatVersionError(`sketch format version ${version} is newer than ${SKETCH_VERSION}`);
  }
  if (version !== SKETCH_VERSION) throw r.corrupt(`bad sketch version ${version}`);
  const flags = r.u16();
  if ((flags & ~FLAG_WIDE) !== 0) throw r.corrupt(`unknown sketch flags ${flags}`);
  const wide = (flags & FLAG_WIDE) !== 0;
  const relativeAccuracy = r.f64();
  const maxBins = r.u32();
  const count = r.f64();
  const zeroCount = r.f64();
  const min = r.f64();
  const max = r.f64();
  const lowKey = r.i32();
  const n = r.u32();
  if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
    throw r.corrupt(`bad relativeAccuracy ${relativeAccuracy}`);
  if (maxBins < 1 || maxBins > MAX_BINS_LIMIT) throw r.corrupt(`bad maxBins ${maxBins}`);
  if (n > maxBins) throw r.corrupt(`${n} bins exceed maxBins ${maxBins}`);
  if (!isCount(count) || !isCount(zeroCount)) throw r.corrupt('bad counts');
  if (
    count > 0
      ? !(min >= 0 && min <= max && max <= Number.MAX_VALUE)
      : !(min === Infinity && max === -Infinity)
  ) {
    throw r.corrupt(`bad min/max ${min}/${max} for count ${count}`);
  }
  const counts = wide ? new Float64Array(n) : new Uint32Array(n);
  let sum = zeroCount;
  for (let i = 0; i < n; i++) {
    const c = wide ? r.f64() : r.u32();
    if (!isCount(c)) throw r.corrupt(`bad bin count ${c}`);
    counts[i] = c;
    sum += c;
  }
  if (sum !== count) throw r.corrupt(`bin counts add up to ${sum}, not ${count}`);
  return { relativeAccuracy, maxBins, count, zeroCount, min, max, lowKey, counts, wide };
}

function isCount(c: number): boolean {
  return Number.isSafeInteger(c) && c >= 0;
}
