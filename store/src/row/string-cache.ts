/**
 * A cache of decoded strings, for strings that repeat: the same few hundred attribute keys
 * (`http.route`, `service.name`, ...) come back on every row. Handing out the same string each
 * time skips UTF-8 decoding and V8's interning of a fresh string used as a property key; on
 * realistic rows that cut decodeRow's CPU time by about 40% (store/bench/row/codec.bench.ts).
 */
import { copyBytes, decodeUtf8 } from './pb.js';

/** Longer strings are decoded every time: rarely repeated, and costly to hash and keep. */
const MAX_CACHED_BYTES = 64;

/** A direct-mapped cache from UTF-8 bytes to their string: a miss overwrites the slot. */
export class StringCache {
  private readonly mask: number;
  private readonly bytes: (Uint8Array | undefined)[];
  private readonly strings: string[];

  /** `slots` must be a power of two. */
  constructor(slots: number) {
    this.mask = slots - 1;
    this.bytes = new Array<Uint8Array | undefined>(slots);
    this.strings = new Array<string>(slots);
  }

  /**
   * The string of the UTF-8 bytes `buf[start, end)`, from the cache when seen before.
   *
   * @throws ProtoError when the bytes are not valid UTF-8.
   */
  decode(buf: Uint8Array, start: number, end: number): string {
    const n = end - start;
    if (n > MAX_CACHED_BYTES) return decodeUtf8(buf, start, end);
    let h = 0x811c9dc5;
    for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p]!, 0x01000193);
    const slot = (h >>> 0) & this.mask;
    const cached = this.bytes[slot];
    if (cached !== undefined && cached.length === n) {
      let k = 0;
      while (k < n && cached[k] === buf[start + k]) k++;
      if (k === n) return this.strings[slot]!;
    }
    const s = decodeUtf8(buf, start, end);
    this.bytes[slot] = copyBytes(buf, start, end);
    this.strings[slot] = s;
    return s;
  }
}
