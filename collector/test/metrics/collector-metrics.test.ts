import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendSpans } from '../support/http.js';

/** A service name that needs every escape of a label value. */
const ODD_SERVICE = 'we"ird\\svc\nline2';

let collector: TestCollector;
let text: string;
let contentType: string;

before(async () => {
  collector = await testCollector();
  await sendSpans(collector.url, [
    { name: 'GET /cart', service: 'checkout', durationMs: 20 },
    { name: 'GET /cart', service: 'checkout', durationMs: 40, status: 2 },
    { name: 'job', service: ODD_SERVICE, durationMs: 1000 },
  ]);
  const res = await fetch(`${collector.url}/metrics`);
  contentType = res.headers.get('content-type') ?? '';
  text = await res.text();
});
after(() => collector.dispose());

function promtoolAvailable(): boolean {
  return spawnSync('promtool', ['--version']).error === undefined;
}

test('/metrics passes promtool check metrics', (t) => {
  if (!promtoolAvailable()) {
    // .ci/run installs it, so in CI a missing promtool is a failure, not a reason to skip.
    assert.ok(
      !process.env.CI,
      "promtool is not installed: .ci/run should have installed Debian's prometheus",
    );
    console.log('promtool is not installed (apt-get install prometheus): check skipped');
    t.skip('promtool is not installed');
    return;
  }

  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });

  assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  assert.equal(`${check.stdout}${check.stderr}`.trim(), '', 'no lint findings');
});

test('/metrics is the 0.0.4 text format', () => {
  assert.match(contentType, /^text\/plain; version=0\.0\.4/);
});

test('each series has a duration summary in seconds and an error counter', () => {
  const series = 'service="checkout",name="GET /cart"';

  assert.match(text, /^# TYPE laptime_span_duration_seconds summary$/m);
  assert.match(
    text,
    new RegExp(`^laptime_span_duration_seconds\\{${series},quantile="0.999"\\} 0\\.0\\d+$`, 'm'),
  );
  assert.match(text, new RegExp(`^laptime_span_duration_seconds_sum\\{${series}\\} 0\\.06\\d*$`, 'm'));
  assert.match(text, new RegExp(`^laptime_span_duration_seconds_count\\{${series}\\} 2$`, 'm'));
  assert.match(text, new RegExp(`^laptime_span_errors_total\\{${series}\\} 1$`, 'm'));
});

test('label values are escaped', () => {
  assert.ok(
    text.includes('laptime_span_duration_seconds_count{service="we\\"ird\\\\svc\\nline2",name="job"} 1'),
  );
});

test('collector health is exposed: spans, queue, WAL, bufferpool, checkpoints, rows', () => {
  for (const line of [
    /^laptime_spans_received_total 3$/m,
    /^laptime_spans_accepted_total 3$/m,
    /^laptime_spans_rejected_total 0$/m,
    /^laptime_ingest_queue_bytes 0$/m,
    /^laptime_ingest_queue_requests 0$/m,
    /^laptime_wal_written_bytes_total [1-9]\d*$/m,
    /^laptime_wal_fsyncs_total [1-9]\d*$/m,
    /^laptime_bufferpool_hits_total \d+$/m,
    /^laptime_bufferpool_misses_total \d+$/m,
    /^laptime_bufferpool_evictions_total \d+$/m,
    /^laptime_checkpoints_total \d+$/m,
    /^laptime_checkpoint_failures_total \d+$/m,
    /^laptime_checkpoint_consecutive_failures 0$/m,
    /^laptime_store_recoveries_total 0$/m,
    /^laptime_series_overflow_spans_total 0$/m,
    /^laptime_store_rows 3$/m,
  ]) {
    assert.match(text, line);
  }
});
