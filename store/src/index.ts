export * from './errors.js';
export type * from './row/types.js';
export { SpanKind, StatusCode } from './row/types.js';
export type { Disk } from './io/disk.js';
export { nodeDisk } from './io/disk.js';
export { FaultyDisk } from './io/faulty-disk.js';
export type { FaultRule, FaultOp } from './io/faulty-disk.js';
