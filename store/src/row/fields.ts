/** Writers of optional scalar fields, left out when they hold their default (as proto3 does). */
import { WireType, type ProtoWriter } from './pb.js';
import { checkU32 } from './value-checks.js';

/** Writes a string field unless it is empty. */
export function stringField(w: ProtoWriter, field: number, s: string): void {
  if (s === '') return;
  w.tag(field, WireType.Len);
  w.string(s);
}

/**
 * Writes a dropped-count field unless it is zero.
 *
 * @throws InvalidRowError (naming `where`) unless the count is an integer in [0, 2^32).
 */
export function countField(w: ProtoWriter, field: number, count: number, where: string): void {
  const n = checkU32(count, where);
  if (n === 0) return;
  w.tag(field, WireType.Varint);
  w.uint32(n);
}
