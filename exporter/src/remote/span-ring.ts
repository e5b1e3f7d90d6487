import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * A fixed-capacity FIFO of spans over one preallocated array: pushing and taking allocate
 * nothing, and the memory it can hold is fixed when it is made.
 */
export class SpanRing {
  private readonly slots: (ReadableSpan | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<ReadableSpan | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.count;
  }

  /** Appends a span; the caller makes room first (see {@link dropOldest}). */
  push(span: ReadableSpan): void {
    if (this.count === this.capacity) throw new RangeError('SpanRing is full');
    this.slots[(this.head + this.count) % this.capacity] = span;
    this.count++;
  }

  /** Forgets the oldest span. */
  dropOldest(): void {
    if (this.count === 0) return;
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
  }

  /** Moves up to `max` of the oldest spans to the end of `out`. */
  takeInto(out: ReadableSpan[], max: number): void {
    const n = Math.min(max, this.count);
    for (let i = 0; i < n; i++) {
      out.push(this.slots[this.head]!);
      this.slots[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
  }

  /** Forgets every span; returns how many there were. */
  clear(): number {
    const n = this.count;
    while (this.count > 0) this.dropOldest();
    return n;
  }
}
