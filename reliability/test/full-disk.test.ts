/**
 * A full disk: the data directory on a small tmpfs. Ingest answers 503 LT_NO_SPACE with
 * Retry-After once the disk is full, stores nothing of the refused requests, loses nothing it
 * acknowledged, resumes without a restart once space is freed, and `laptime check` is clean.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeTraceRequest } from '@laptime/collector/testing';
import { realisticRows } from '@laptime/store/testing';
import { spawnLaptime, startServe } from '../src/abuse/laptime-child.js';
import { checkIngestAnswer } from '../src/fuzz/answer-check.js';
import { post } from '../src/fuzz/http-post.js';
import { hex } from '../src/fuzz/otlp-bodies.js';
import { fillUpTo, freeBytes, removeFiller } from '../src/disk/filler.js';
import { mountSmallFilesystem } from '../src/disk/small-filesystem.js';
import { reportFigures, sized } from '../src/profile.js';

/** The filesystem: small enough to fill in seconds. */
const FILESYSTEM_MIB = sized(48, 96);
/** Left free by the filler, for the collector to fill with spans. */
const HEADROOM_BYTES = sized(2, 8) * 1024 * 1024;
const SPANS_PER_REQUEST = 256;
/** Requests sent at most while waiting for the disk to fill. */
const MAX_REQUESTS = 2_000;
/** Requests sent while the disk stays full: each must be refused. */
const REFUSED_WHILE_FULL = 5;
/** Once space is freed, ingest must succeed within this long. */
const RESUME_WITHIN_MS = 15_000;
const DEADLINE_MS = 30_000;

type Sent = { status: number; code: string | null; retryAfter: string | undefined; ids: string[] };

async function send(url: string, seed: number): Promise<Sent> {
  const rows = realisticRows(SPANS_PER_REQUEST, { seed });
  const o = await post({
    url: `${url}/v1/traces`,
    headers: { 'content-type': 'application/x-protobuf' },
    body: encodeTraceRequest(rows),
    deadlineMs: DEADLINE_MS,
  });
  if (o.kind !== 'answer') throw new Error(`request ${seed}: ${o.kind}`);
  const retryAfter = o.headers['retry-after'];
  const answer = checkIngestAnswer('protobuf', o.status, o.body);
  const ids = rows.map((r) => `${hex(r.traceId)}/${hex(r.spanId)}`);
  if (typeof answer === 'string') {
    // 503 is not among the statuses of a healthy collector: decode it here.
    const code = /LT_[A-Z_]+/.exec(o.body.toString('latin1'))?.[0] ?? null;
    return { status: o.status, code, retryAfter, ids };
  }
  return { status: o.status, code: answer.code, retryAfter, ids };
}

async function run(args: string[]): Promise<{ code: number | string; out: string }> {
  const c = spawnLaptime(args);
  const code = await c.exited;
  return { code, out: c.stderr() };
}

test('a full disk: 503 with Retry-After, nothing acknowledged lost, ingest resumes once space is freed', async (t) => {
  const fs = mountSmallFilesystem(FILESYSTEM_MIB);
  if ('skip' in fs) {
    console.log(`full disk: skipped: ${fs.skip}`);
    t.skip(fs.skip);
    return;
  }
  t.after(() => fs.remove());
  const data = join(fs.dir, 'data');
  const filler = join(fs.dir, 'filler');
  const child = await startServe(['--data', data]);
  t.after(() => child.stop());
  const acked = new Set<string>();
  let seed = 1;

  const first = await send(child.url, seed++);
  assert.equal(first.status, 200);
  first.ids.forEach((id) => acked.add(id));
  const fillerBytes = fillUpTo(filler, HEADROOM_BYTES);
  let full: Sent | null = null;
  for (let i = 0; i < MAX_REQUESTS && full === null; i++) {
    const s = await send(child.url, seed++);
    if (s.status === 200) s.ids.forEach((id) => acked.add(id));
    else full = s;
  }
  assert.ok(full !== null, `the disk never filled after ${MAX_REQUESTS} requests`);
  assert.equal(full.status, 503, `${full.status} ${full.code}`);
  assert.equal(full.code, 'LT_NO_SPACE');
  assert.equal(full.retryAfter, '1');
  const ackedWhenFull = acked.size;
  const freeWhenFull = freeBytes(fs.dir);
  for (let i = 0; i < REFUSED_WHILE_FULL; i++) {
    const s = await send(child.url, seed++);
    assert.equal(s.status, 503, `request ${i} while full: ${s.status} ${s.code}`);
  }
  assert.equal(child.child.exitCode, null, `the collector exited: ${child.stderr()}`);

  removeFiller(filler);
  const freedAt = Date.now();
  let resumed: Sent | null = null;
  while (resumed === null && Date.now() - freedAt < RESUME_WITHIN_MS) {
    const s = await send(child.url, seed++);
    if (s.status === 200) {
      resumed = s;
      s.ids.forEach((id) => acked.add(id));
    } else await new Promise((r) => setTimeout(r, 200));
  }
  const resumedAfterMs = Date.now() - freedAt;
  assert.ok(resumed !== null, `ingest did not resume within ${RESUME_WITHIN_MS} ms`);
  const exit = await child.stop();
  assert.equal(exit, 0, child.stderr());

  const check = await run(['check', '--data', data]);
  const fetched = await run(['fetch', 'all', '--json', '--data', data]);
  const stored = new Set(
    fetched.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        const s = JSON.parse(l) as { traceId: string; spanId: string };
        return `${s.traceId}/${s.spanId}`;
      }),
  );
  const lost = [...acked].filter((id) => !stored.has(id));

  reportFigures('full-disk', {
    filesystemMiB: FILESYSTEM_MIB,
    fillerBytes,
    freeWhenFullBytes: freeWhenFull,
    spansAckedBeforeFull: ackedWhenFull,
    spansAcked: acked.size,
    spansStored: stored.size,
    lost: lost.length,
    resumedAfterMs,
    checkExit: check.code,
  });
  assert.equal(check.code, 0, check.out);
  assert.deepEqual(lost.slice(0, 5), []);
  assert.equal(stored.size, acked.size, 'nothing of a refused request was stored');
});
