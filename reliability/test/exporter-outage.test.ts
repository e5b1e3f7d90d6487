/**
 * An app with steady traffic exporting through LaptimeSpanExporter while its collector is stopped
 * for a while and started again on the same data directory and port: the app's latency barely
 * moves, its memory stays bounded, drops are counted, and delivery resumes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { killStrayCollectors, startCollectorProcess } from '../src/crash/collector-process.js';
import { removeScratchDir, scratchDir } from '../src/crash/scratch-dir.js';
import { startOutageApp, type OutageApp } from '../src/exporter/outage-app-process.js';
import { storedByPhase, total } from '../src/exporter/stored-by-phase.js';
import { reportFigures, sized } from '../src/profile.js';

const WARMUP_MS = 1_500;
const BEFORE_MS = sized(2_500, 15_000);
const OUTAGE_MS = sized(5_000, 60_000);
const AFTER_MS = sized(3_000, 15_000);
/** The exporter's queue bound: well below what the app creates during the outage. */
const MAX_QUEUE_SPANS = 2_000;
/** Longest wait for the first delivery after the restart (the exporter's rounds are up to 5 s apart). */
const RESUME_LIMIT_MS = 20_000;
/** The app's median latency during the outage may be 3x that before, or 2 ms more, whichever is larger. */
const P50_FACTOR = 3;
const P50_SLACK_MS = 2;
const MiB = 1024 * 1024;
/** The app's RSS may grow this much over the phase before: the queue bound, not the outage's length, decides. */
const RSS_GROWTH_BOUND = 64 * MiB;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test(
  'collector stopped under steady app traffic: latency flat, memory bounded, drops counted, delivery resumes',
  { timeout: sized(120_000, 600_000) },
  async () => {
    const dataDir = scratchDir('exporter-outage');
    let app: OutageApp | undefined;
    try {
      let collector = await startCollectorProcess({ dataDir });
      const port = Number(new URL(collector.url).port);
      app = await startOutageApp(collector.url, MAX_QUEUE_SPANS);
      await sleep(WARMUP_MS);
      const warmup = await app.phase('before');
      await sleep(BEFORE_MS);
      const before = await app.phase('outage');
      assert.equal(await collector.stop(), 0, collector.stderr());
      await sleep(OUTAGE_MS);
      const outage = await app.phase('resume');
      collector = await startCollectorProcess({ dataDir, port });
      const atRestart = total(await storedByPhase(collector.url));
      const restarted = performance.now();
      while (total(await storedByPhase(collector.url)) === atRestart) {
        assert.ok(performance.now() - restarted < RESUME_LIMIT_MS, 'no delivery after the restart');
        await sleep(100);
      }
      const resumeMs = Math.round(performance.now() - restarted);
      const resume = await app.phase('after');
      await sleep(AFTER_MS);
      const { report: after, stats, flushMs } = await app.finish();
      assert.equal(await app.exited, 0);
      const stored = await storedByPhase(collector.url);
      assert.equal(await collector.stop(), 0, collector.stderr());

      const created = [warmup, before, outage, resume, after].reduce((a, r) => a + r.spans, 0);
      reportFigures('exporter-outage', {
        outageSeconds: OUTAGE_MS / 1000,
        maxQueueSpans: MAX_QUEUE_SPANS,
        requestsBefore: before.requests,
        requestsDuringOutage: outage.requests,
        p50BeforeMs: before.latency.p50,
        p99BeforeMs: before.latency.p99,
        p50OutageMs: outage.latency.p50,
        p99OutageMs: outage.latency.p99,
        p50ResumeMs: resume.latency.p50,
        p99ResumeMs: resume.latency.p99,
        p50AfterMs: after.latency.p50,
        rssBeforeMiB: Math.round(before.maxRss / MiB),
        rssOutageMiB: Math.round(outage.maxRss / MiB),
        spansCreated: created,
        spansCreatedDuringOutage: outage.spans,
        spansExported: stats.exportedSpans,
        spansDropped: stats.droppedSpans,
        spansStored: total(stored),
        spansCreatedAfter: after.spans,
        spansStoredAfter: stored.after ?? 0,
        firstDeliveryAfterRestartMs: resumeMs,
        finalFlushMs: flushMs,
      });
      const p50Bound = Math.max(before.latency.p50 * P50_FACTOR, before.latency.p50 + P50_SLACK_MS);
      assert.ok(
        outage.latency.p50 <= p50Bound,
        `p50 ${outage.latency.p50} ms during the outage, ${before.latency.p50} ms before`,
      );
      assert.ok(
        outage.maxRss <= before.maxRss + RSS_GROWTH_BOUND,
        `RSS ${outage.maxRss} during the outage, ${before.maxRss} before`,
      );
      assert.ok(outage.spans > MAX_QUEUE_SPANS, 'the outage was too short to fill the queue');
      assert.ok(stats.droppedSpans > 0, 'nothing counted as dropped');
      assert.equal(stats.queuedSpans, 0);
      assert.equal(stats.rejectedSpans, 0);
      assert.equal(stats.exportedSpans + stats.droppedSpans, created, 'created = exported + dropped');
      assert.equal(total(stored), stats.exportedSpans, 'every exported span is stored');
      assert.equal(stored.after, after.spans, 'every span created once delivery resumed arrived');
    } finally {
      killStrayCollectors();
      app?.kill();
      removeScratchDir(dataDir);
    }
  },
);
