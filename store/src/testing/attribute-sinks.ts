/** Two ways to receive generated attributes: into a plain object, or encoded straight into extras. */
import { AnyValueField, KeyValueField } from '../row/any-value.js';
import { ExtrasField } from '../row/extras.js';
import { WireType, type ProtoWriter } from '../row/pb.js';
import type { AnyValue } from '../row/types.js';
import type { AttributeSink } from './span-source.js';

const TWO_POW_32 = 4294967296;
/** The repeated field of `ArrayValue`. */
const ARRAY_ITEMS = 1;

/** Collects attributes into a plain object. */
export class ObjectSink implements AttributeSink {
  target: Record<string, AnyValue> = {};

  string(key: string, v: string): void {
    this.target[key] = v;
  }
  int(key: string, v: number): void {
    this.target[key] = BigInt(v);
  }
  double(key: string, v: number): void {
    this.target[key] = v;
  }
  bool(key: string, v: boolean): void {
    this.target[key] = v;
  }
  strings(key: string, v: readonly string[]): void {
    this.target[key] = v.slice();
  }
}

/** Writes attributes as repeated `KeyValue` fields numbered `field`. */
export class WriterSink implements AttributeSink {
  field: number = ExtrasField.Attribute;

  constructor(private readonly w: ProtoWriter) {}

  string(key: string, v: string): void {
    const marks = this.begin(key);
    this.w.tag(AnyValueField.String, WireType.Len);
    this.w.string(v);
    this.end(marks);
  }
  int(key: string, v: number): void {
    const marks = this.begin(key);
    this.w.tag(AnyValueField.Int, WireType.Varint);
    if (v < TWO_POW_32) this.w.uint32(v);
    else this.w.varint64(v % TWO_POW_32, Math.floor(v / TWO_POW_32));
    this.end(marks);
  }
  double(key: string, v: number): void {
    const marks = this.begin(key);
    this.w.tag(AnyValueField.Double, WireType.Fixed64);
    this.w.double(v);
    this.end(marks);
  }
  bool(key: string, v: boolean): void {
    const marks = this.begin(key);
    this.w.tag(AnyValueField.Bool, WireType.Varint);
    this.w.bool(v);
    this.end(marks);
  }
  strings(key: string, v: readonly string[]): void {
    const marks = this.begin(key);
    const w = this.w;
    w.tag(AnyValueField.Array, WireType.Len);
    const array = w.fork();
    for (const s of v) {
      w.tag(ARRAY_ITEMS, WireType.Len);
      const item = w.fork();
      w.tag(AnyValueField.String, WireType.Len);
      w.string(s);
      w.join(item);
    }
    w.join(array);
    this.end(marks);
  }

  /** Mark of the open `KeyValue` (attributes are flat, so one at a time). */
  private kvMark = 0;

  /** Opens a `KeyValue` and its `AnyValue`; returns the value's mark. */
  private begin(key: string): number {
    const w = this.w;
    w.tag(this.field, WireType.Len);
    this.kvMark = w.fork();
    w.tag(KeyValueField.Key, WireType.Len);
    w.string(key);
    w.tag(KeyValueField.Value, WireType.Len);
    return w.fork();
  }
  private end(valueMark: number): void {
    this.w.join(valueMark);
    this.w.join(this.kvMark);
  }
}
