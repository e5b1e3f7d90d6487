import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRows } from '../../../src/row/encode-rows.js';
import type { CommitSink, PreparedGroup } from '../../../src/engine/write/commit-pipeline.js';
import { CommitPipeline } from '../../../src/engine/write/commit-pipeline.js';
import { makeRows } from '../helpers.js';

/** A sink double: records each group and checkpoint, commits after a tick. */
class RecordingSink implements CommitSink {
  rowEnd = 0;
  readonly compress = false;
  readonly log: string[] = [];

  async commit(g: PreparedGroup): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.log.push(`group ${g.first}+${g.rows} of ${g.group.length}`);
    for (let i = 0; i < g.group.length; i++) {
      g.group[i]!.resolve({ first: g.batches[i]!.first, count: g.batches[i]!.batch.length });
    }
    this.rowEnd = g.first + g.rows;
  }

  checkpoint(): Promise<void> {
    this.log.push(`checkpoint at ${this.rowEnd}`);
    return Promise.resolve();
  }
}

test('appends made together become one group with contiguous indexes, in call order', async () => {
  const sink = new RecordingSink();
  const pipeline = new CommitPipeline(sink, 1 << 30);
  const batches = [3, 5, 2].map((n, k) => encodeRows(makeRows(10 * k, n)));

  const first = await pipeline.enqueue(batches[0]!, 100);
  const [a, b] = await Promise.all([pipeline.enqueue(batches[1]!, 100), pipeline.enqueue(batches[2]!, 100)]);

  assert.deepEqual(
    [first, a, b],
    [
      { first: 0, count: 3 },
      { first: 3, count: 5 },
      { first: 8, count: 2 },
    ],
  );
  assert.deepEqual(sink.log, ['group 0+3 of 1', 'group 3+7 of 2']);
});

test('a checkpoint runs between groups, never inside one', async () => {
  const sink = new RecordingSink();
  const pipeline = new CommitPipeline(sink, 1 << 30);
  const one = pipeline.enqueue(encodeRows(makeRows(0, 4)), 100);
  pipeline.requestCheckpoint();
  const two = pipeline.enqueue(encodeRows(makeRows(4, 4)), 100);
  await Promise.all([one, two]);
  await pipeline.idle();
  // Wanted before the turn took its group: it runs first, then the group of both appends.
  assert.deepEqual(sink.log, ['checkpoint at 0', 'group 0+8 of 2']);
});

test('past maxPendingBytes an append is refused with LT_OVERLOADED; the first one always waits', async () => {
  const sink = new RecordingSink();
  const pipeline = new CommitPipeline(sink, 150);
  const accepted = pipeline.enqueue(encodeRows(makeRows(0, 1)), 1000);
  assert.throws(() => pipeline.enqueue(encodeRows(makeRows(1, 1)), 100), { code: 'LT_OVERLOADED' });
  assert.equal(pipeline.pendingBytes, 1000);
  await accepted;
  assert.equal(pipeline.pendingBytes, 0);
});
