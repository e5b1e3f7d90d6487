/**
 * Test and benchmark helpers of `@laptime/store/testing`: reproducible realistic spans, batches cut
 * to append size, benchmark phases in child processes, and the machine a benchmark ran on.
 */
export { realisticRows, realisticBatch, type RealisticOptions } from './realistic.js';
export { Prng } from './prng.js';
export { sliceBatch, splitBatch } from './slice-batch.js';
export { runInChild, childInput, sendResult } from './child-process.js';
export { describeMachine, type Machine } from './machine.js';
