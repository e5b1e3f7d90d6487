import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutAbsolutePaths } from '../src/redact-paths.js';

test('absolute paths in a message are cut to their last two components; the rest is kept', () => {
  const cases: [string, string][] = [
    [
      '/var/lib/laptime/seg-000003/start.col page 2: checksum mismatch',
      '.../seg-000003/start.col page 2: checksum mismatch',
    ],
    [
      "reading /home/me/data/agg/0000000000000007.agg: bad magic (at byte 0) in '/home/me/data'",
      "reading .../agg/0000000000000007.agg: bad magic (at byte 0) in '.../me/data'",
    ],
    ['I/O error while reading /data/LOCK', 'I/O error while reading data/LOCK'],
    [
      'rows 10 to 19 and 3/4 of a page, wal/0000000000000001.log',
      'rows 10 to 19 and 3/4 of a page, wal/0000000000000001.log',
    ],
    ['GET /api/stats failed', 'GET api/stats failed'],
  ];
  for (const [message, want] of cases) assert.equal(withoutAbsolutePaths(message), want, message);
});
