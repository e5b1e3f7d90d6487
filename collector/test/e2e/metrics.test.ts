/**
 * GET /metrics after the stock OTLP protobuf exporter sent a known workload: a duration summary
 * per series whose _count and _sum match what was sent, and the error counters.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectedSeries, QUANTILES, type ExpectedSeries } from './support/expected-stats.js';
import { ingestWorkload, type IngestedWorkload } from './support/ingested-workload.js';
import { apiUrl } from './support/rest.js';
import { parseExposition, samplesOf, type Exposition } from './support/prometheus-text.js';

/** The per-series families (the collector's /metrics design). */
const DURATION = 'laptime_span_duration_seconds';
const ERRORS = 'laptime_span_errors_total';
/** Prometheus' text format content type. */
const EXPOSITION_TYPE = /^text\/plain; ?version=0\.0\.4/;

describe('/metrics after the stock http/protobuf exporter', () => {
  let w: IngestedWorkload;
  let series: ExpectedSeries[];
  let exposition: Exposition;

  before(async () => {
    w = await ingestWorkload('http/protobuf');
    series = [...expectedSeries(w.sent).values()];
    const res = await fetch(apiUrl(w.collector.url, '/metrics'));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', EXPOSITION_TYPE);
    exposition = parseExposition(await res.text());
  });
  after(() => w?.collector.stop());

  it('has a duration summary per series with _count and _sum of what was sent', () => {
    assert.equal(exposition.types.get(DURATION), 'summary');
    for (const s of series) {
      const labels = { service: s.service, name: s.name };
      const [count, ...moreCounts] = samplesOf(exposition, `${DURATION}_count`, labels);
      const [sum] = samplesOf(exposition, `${DURATION}_sum`, labels);

      assert.equal(moreCounts.length, 0, `one _count for ${s.service}/${s.name}`);
      assert.equal(count?.value, s.count, `${s.service}/${s.name} _count`);
      const sumSeconds = (s.mean * s.count) / 1000;
      assert.ok(
        Math.abs(sum!.value - sumSeconds) <= 1e-9 * sumSeconds,
        `${s.service}/${s.name} _sum ${sum?.value}`,
      );
    }
  });

  it('has the percentiles of every series within 1%, in seconds', () => {
    for (const s of series) {
      for (const [field, q] of Object.entries(QUANTILES)) {
        const [sample] = samplesOf(exposition, DURATION, {
          service: s.service,
          name: s.name,
          quantile: String(q),
        });
        const want = s.quantiles[field as keyof typeof QUANTILES] / 1000;

        assert.ok(sample !== undefined, `${s.service}/${s.name} quantile ${q}`);
        assert.ok(
          Math.abs(sample.value - want) <= 0.01 * want,
          `${s.service}/${s.name} q${q}: ${sample.value}`,
        );
      }
    }
  });

  it('counts errors per series', () => {
    for (const s of series) {
      const [errors] = samplesOf(exposition, ERRORS, { service: s.service, name: s.name });

      assert.equal(errors?.value, s.errors, `${s.service}/${s.name} errors`);
    }
  });
});
