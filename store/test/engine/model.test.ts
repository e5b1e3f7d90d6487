import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as path from 'node:path';
import { Store } from '../../src/engine/store.js';
import { ErrorCode } from '../../src/errors.js';
import type { FaultOp } from '../../src/io/faulty-disk.js';
import { FaultyDisk } from '../../src/io/faulty-disk.js';
import { nodeDisk } from '../../src/io/disk.js';
import type { Row } from '../../src/row/types.js';
import { crashCopy, makeRow, tempDir } from './helpers.js';

const seed = Number(process.env.LAPTIME_SEED ?? Date.now());

type Op =
  | { kind: 'append'; sizes: number[]; service: number; name: number; durations: number[] }
  | { kind: 'fetch'; at: number }
  | { kind: 'stats'; service: number; name: number }
  | { kind: 'checkpoint' }
  | { kind: 'reopen' }
  | { kind: 'crash' }
  | {
      kind: 'faultyCheckpoint';
      rows: number;
      op: FaultOp;
      target: string;
      after: number;
      error: 'EIO' | 'ENOSPC';
    };

/** Files a checkpoint touches: columns, heap, contexts, trace index, aggregates, MANIFEST. */
const CHECKPOINT_FILES = [
  '.col',
  'heap.col',
  'contexts.bin',
  'trace.idx',
  `${path.sep}agg`,
  'MANIFEST',
  `${path.sep}seg`,
];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      sizes: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 3 }),
      service: fc.integer({ min: 0, max: 2 }),
      name: fc.integer({ min: 0, max: 3 }),
      durations: fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 1, maxLength: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('fetch' as const),
      at: fc.double({ min: 0, max: 1.2, noNaN: true }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stats' as const),
      service: fc.integer({ min: 0, max: 2 }),
      name: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('faultyCheckpoint' as const),
      rows: fc.integer({ min: 0, max: 200 }),
      op: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom<FaultOp>('write', 'fsync', 'rename') },
        { weight: 1, arbitrary: fc.constantFrom<FaultOp>('open', 'read', 'mkdir', 'unlink') },
      ),
      target: fc.constantFrom(...CHECKPOINT_FILES),
      after: fc.integer({ min: 0, max: 3 }),
      error: fc.constantFrom('EIO' as const, 'ENOSPC' as const),
    }),
  },
);

let failedCheckpoints = 0;

const OPTIONS = { poolMB: 0.5, pageSize: 4096, checkpointBytes: 48 * 1024, segmentRows: 300 } as const;

test('random appends, fetches, stats, checkpoints, reopens and crashes agree with an in-memory model', async () => {
  console.log(`model test seed ${seed} (set LAPTIME_SEED to replay)`);
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
      let dir = tempDir('lt-model-');
      const disk = new FaultyDisk(nodeDisk);
      const options = { ...OPTIONS, disk };
      let store = await Store.open(dir, options);
      const model: Row[] = [];
      try {
        for (const op of ops) {
          switch (op.kind) {
            case 'append': {
              const batches = op.sizes.map((size) =>
                Array.from({ length: size }, (_, j) => {
                  const i = model.length + j;
                  return makeRow(i, {
                    service: `s${op.service}`,
                    name: `n${op.name}`,
                    durationNs: BigInt(op.durations[j % op.durations.length]!),
                  });
                }),
              );
              // Concurrent appends: group commit must keep each batch contiguous and in call order.
              let next = model.length;
              const expected = batches.map((b) => {
                const r = { first: next, count: b.length };
                next += b.length;
                return r;
              });
              const results = await Promise.all(batches.map((b) => store.append(b)));
              for (let i = 0; i < batches.length; i++) {
                if (batches[i]!.length > 0) assert.deepEqual(results[i], expected[i]);
              }
              for (const b of batches) model.push(...b);
              break;
            }
            case 'fetch': {
              const i = Math.floor(op.at * model.length);
              if (i < model.length) assert.deepStrictEqual(store.fetch(i), model[i]);
              else assert.throws(() => store.fetch(i), { code: ErrorCode.NotFound });
              break;
            }
            case 'stats': {
              const service = `s${op.service}`;
              const name = `n${op.name}`;
              const mine = model.filter((r) => r.service === service && r.name === name);
              if (mine.length === 0) {
                assert.throws(() => store.stats(name, { service }), { code: ErrorCode.NotFound });
                break;
              }
              const s = store.stats(name, { service });
              assert.equal(s.count, mine.length);
              assert.equal(s.errors, mine.filter((r) => r.statusCode === 2).length);
              const durs = mine.map((r) => Number(r.endTimeUnixNano - r.startTimeUnixNano) / 1e6);
              assert.equal(s.max, Math.max(...durs));
              assert.equal(s.min, Math.min(...durs));
              break;
            }
            case 'checkpoint':
              await store.checkpoint();
              break;
            case 'reopen':
              await store.close();
              store = await Store.open(dir, options);
              break;
            case 'faultyCheckpoint': {
              // Rows to checkpoint, then one fault on one file operation of the checkpoint: it may
              // fail, the store must not.
              const rows = Array.from({ length: op.rows }, (_, j) => makeRow(model.length + j));
              await store.append(rows);
              model.push(...rows);
              const remove = disk.inject({
                op: op.op,
                pathIncludes: op.target,
                after: op.after,
                times: 1,
                error: op.error,
              });
              try {
                await store.checkpoint().catch((err: { code?: string }) => {
                  assert.match(String(err.code), /^LT_/);
                  failedCheckpoints++;
                });
              } finally {
                remove();
              }
              break;
            }
            case 'crash': {
              const copy = crashCopy(dir);
              await store.close();
              dir = copy;
              store = await Store.open(dir, options);
              break;
            }
          }
          assert.equal(store.length, model.length);
        }
        for (let i = 0; i < model.length; i++) assert.deepStrictEqual(store.fetch(i), model[i]);
      } finally {
        await store.close();
      }
      const report = await Store.verify(dir);
      assert.deepEqual(report.problems, []);
    }),
    { seed, numRuns: Number(process.env.LAPTIME_RUNS ?? 25) },
  );
  console.log(`model test: ${failedCheckpoints} checkpoints failed by an injected fault`);
});
