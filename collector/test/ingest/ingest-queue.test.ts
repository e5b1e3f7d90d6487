import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestQueue } from '../../src/ingest/ingest-queue.js';

test('uploads take no slot; requests past their upload are bounded until one is released', () => {
  const q = new IngestQueue({ maxBytes: 1000, maxRequests: 2 });

  const tickets = Array.from({ length: 100 }, () => q.tryAdmit(0));
  const [a, b, c] = tickets;
  const first = [a?.process(), b?.process(), c?.process()];
  a?.release();
  const afterRelease = c?.process();

  assert.ok(
    tickets.every((t) => t !== null),
    'every upload is admitted',
  );
  assert.deepEqual(first, [true, true, false]);
  assert.equal(afterRelease, true);
  assert.deepEqual(q.depth(), { bytes: 0, requests: 2, uploads: 97 });
});

test('held bytes count against the byte bound; a lone request may pass it', () => {
  const q = new IngestQueue({ maxBytes: 100, maxRequests: 10 });

  const huge = q.tryAdmit(500);
  const alone = huge?.hold(500);
  const next = q.tryAdmit(1);
  huge?.release();
  huge?.release();
  const after = q.tryAdmit(100);

  assert.equal(alone, true);
  assert.equal(next, null);
  assert.ok(after);
  assert.deepEqual(q.depth(), { bytes: 0, requests: 0, uploads: 1 });
});

test('bytes that would pass the bound while others hold bytes are refused, not counted', () => {
  const q = new IngestQueue({ maxBytes: 100, maxRequests: 10 });
  const slow = q.tryAdmit(0)!;
  const fast = q.tryAdmit(0)!;

  const held = [slow.hold(60), fast.hold(30), fast.hold(20), slow.hold(10)];

  assert.deepEqual(held, [true, true, false, true]);
  assert.equal(q.depth().bytes, 100);
  assert.equal(q.tryAdmit(0), null, 'a full byte bound refuses new requests');
});
