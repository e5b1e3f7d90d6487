import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IngestQueue } from '../../src/ingest/ingest-queue.js';

test('the queue refuses requests past its request bound until one is released', () => {
  const q = new IngestQueue({ maxBytes: 1000, maxRequests: 2 });

  const a = q.tryAdmit(0);
  const b = q.tryAdmit(0);
  const refused = q.tryAdmit(0);
  a?.release();
  const c = q.tryAdmit(0);

  assert.ok(a && b && c);
  assert.equal(refused, null);
  assert.deepEqual(q.depth(), { bytes: 0, requests: 2 });
});

test('held bytes count against the byte bound; the first request always gets in', () => {
  const q = new IngestQueue({ maxBytes: 100, maxRequests: 10 });

  const huge = q.tryAdmit(500);
  huge?.hold(500);
  const next = q.tryAdmit(1);
  huge?.release();
  huge?.release();
  const after = q.tryAdmit(100);

  assert.ok(huge);
  assert.equal(next, null);
  assert.ok(after);
  assert.deepEqual(q.depth(), { bytes: 0, requests: 1 });
});
