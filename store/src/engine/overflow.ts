import { ProtoReader, ProtoWriter, WireType } from '../row/pb.js';

/**
 * Rows of series beyond the cardinality cap are counted under `__overflow__`, but their own
 * service and span name must still come back from `fetch`. They are kept in the row's context
 * entry as two extra fields (the context format leaves 3 and 4 free for this), so the cost falls
 * only on overflowing rows.
 */
const FIELD_SERVICE = 3;
const FIELD_NAME = 4;

/** The context bytes extended with a row's real service and name. */
export function withNames(context: Uint8Array, service: string, name: string): Uint8Array {
  const w = new ProtoWriter(context.length + service.length * 3 + name.length * 3 + 16);
  w.raw(context, 0, context.length);
  w.tag(FIELD_SERVICE, WireType.Len);
  w.string(service);
  w.tag(FIELD_NAME, WireType.Len);
  w.string(name);
  return w.finish();
}

/** The service and name kept in a context entry, or null for an ordinary one. */
export function contextNames(context: Uint8Array): { service: string; name: string } | null {
  const r = new ProtoReader(context);
  let service: string | null = null;
  let name: string | null = null;
  while (!r.eof()) {
    const t = r.tag();
    const field = t >>> 3;
    if (field === FIELD_SERVICE && (t & 7) === WireType.Len) service = r.string();
    else if (field === FIELD_NAME && (t & 7) === WireType.Len) name = r.string();
    else r.skip(t & 7);
  }
  return service !== null && name !== null ? { service, name } : null;
}
