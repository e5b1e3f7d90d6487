/** Test and benchmark helpers of `@laptime/store/testing`: reproducible realistic spans. */
export { realisticRows, realisticBatch, type RealisticOptions } from './realistic.js';
export { Prng } from './prng.js';
