/**
 * @laptime/store: Laptime's columnar span store. Append flattened spans durably, fetch any row by
 * its global index in O(1), and read per-series statistics (count, errors, mean, stddev,
 * p50..p99.9 within 1%) updated on every append. See DESIGN.md for the format.
 */
export * from './errors.js';
export * from './engine/index.js';
export * from './row/index.js';
export type { Disk } from './io/disk.js';
export { nodeDisk } from './io/disk.js';
export { FaultyDisk } from './io/faulty-disk.js';
export type { FaultRule, FaultOp } from './io/faulty-disk.js';
export type { StatsResult } from './aggregate/aggregates.js';
export { DDSketch } from './sketch/dd-sketch.js';
export { quantileRank } from './sketch/rank.js';
export type { PoolStats } from './bufferpool/pool.js';
