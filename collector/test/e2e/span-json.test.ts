/**
 * What a user reads in Span JSON after the stock OTLP exporters (JSON and protobuf) sent spans:
 * attribute types as API.md says, events, links, a remote parent, trace state, resource, scope,
 * status, exact nanosecond times. Literal expectations, independent of the test oracle.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SpanJson, SpansPage } from './support/api-shapes.js';
import {
  CHECKOUT_RESOURCE,
  INVENTORY_RESOURCE,
  ingestWorkload,
  type IngestedWorkload,
} from './support/ingested-workload.js';
import { getOk } from './support/rest.js';
import { PROTOCOLS, SCOPE_VERSION } from './support/tracing-client.js';
import { CART_TRACES } from './support/workload.js';

/** ALL_TYPES of the workload as API.md renders it: beyond 2^53, integers become decimal strings. */
const ALL_TYPES_JSON = {
  'http.route': '/cart',
  'text.empty': '',
  'text.unicode': 'é 🐱',
  'cart.items': 3,
  'int.negative': -7,
  'int.max_safe': 9007199254740991,
  'int.beyond_2_53': '9007199254740994',
  'int.negative_beyond_2_53': '-1152921504606846976',
  'cart.total': 42.5,
  'double.negative': -0.125,
  'user.premium': true,
  'cart.empty': false,
  tags: ['a', 'b', ''],
  bools: [true, false],
  ints: [1, -2, '4611686018427387904'],
  doubles: [0.5, 1.25],
};

/** The link targets a sampled span (W3C flag 1) and the exporter says whether it is remote (0x100). */
const LINK_FLAGS = 0x101;

for (const protocol of PROTOCOLS) {
  describe(`Span JSON after the stock ${protocol} exporter`, () => {
    let w: IngestedWorkload;
    let carts: SpanJson[];
    let items: SpanJson[];

    before(async () => {
      w = await ingestWorkload(protocol);
      const list = async (name: string): Promise<SpanJson[]> =>
        (await getOk<SpansPage>(w.collector.url, '/api/spans', { name, limit: 1000 })).spans;
      carts = await list('GET /cart');
      items = await list('GET /items/:id');
    });
    after(() => w?.collector.stop());

    it('attributes keep their type; integers beyond 2^53 are decimal strings', () => {
      assert.equal(carts.length, CART_TRACES);
      for (const span of carts) assert.deepStrictEqual(span.attributes, ALL_TYPES_JSON);
    });

    it('resource and scope are as the providers set them', () => {
      assert.deepStrictEqual(carts[0]!.resource, CHECKOUT_RESOURCE);
      assert.deepStrictEqual(items[0]!.resource, INVENTORY_RESOURCE);
      assert.deepStrictEqual(carts[0]!.scope, {
        name: 'laptime-e2e-checkout',
        version: SCOPE_VERSION,
        attributes: {},
        droppedAttributesCount: 0,
        schemaUrl: '',
      });
      assert.equal(carts[0]!.resourceSchemaUrl, '');
      assert.equal(carts[0]!.service, 'checkout');
      assert.equal(items[0]!.service, 'inventory');
    });

    it('times are exact nanoseconds and the duration is their difference in ms', () => {
      const sent = w.sent.find((s) => s.spanContext().spanId === carts[1]!.spanId)!;
      const span = carts[1]!;

      assert.equal(
        span.startTimeUnixNano,
        (BigInt(sent.startTime[0]) * 10n ** 9n + BigInt(sent.startTime[1])).toString(),
      );
      assert.match(span.startTimeUnixNano, /[1-9]$/, 'the workload gives times non-zero nanosecond digits');
      assert.equal(
        span.duration,
        Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6,
      );
      assert.equal(span.duration, 37);
      assert.equal(span.kind, 'server');
    });

    it('status codes and messages, and events with their attributes', () => {
      const failed = carts.filter((s) => s.status.code === 'error');
      const ok = carts.filter((s) => s.status.code === 'ok');

      assert.equal(failed.length, 3);
      assert.equal(ok.length, 3);
      assert.equal(carts.filter((s) => s.status.code === 'unset').length, 6);
      for (const span of failed) {
        assert.equal(span.status.message, 'payment declined');
        const exception = span.events.find((e) => e.name === 'exception')!;
        assert.equal(exception.attributes['exception.message'], 'payment declined');
        assert.equal(exception.attributes['exception.type'], 'Error');
      }
      for (const span of ok) assert.deepEqual(span.status, { code: 'ok', message: '' });
      const miss = carts[2]!.events[0]!;
      assert.equal(miss.name, 'cache.miss');
      assert.deepStrictEqual(miss.attributes, { 'cache.key': 'cart:2', 'cache.size': 12 });
      assert.equal(BigInt(miss.timeUnixNano) - BigInt(carts[2]!.startTimeUnixNano), 1_000_000n);
    });

    it('a span with a remote parent keeps parent, flags and trace state; links keep their target', () => {
      for (const span of items) {
        const sent = w.sent.find((s) => s.spanContext().spanId === span.spanId)!;
        const link = sent.links[0]!.context;

        assert.equal(span.parentSpanId, sent.parentSpanContext!.spanId);
        assert.equal(span.flags, 0x301, 'sampled, is-remote known, parent is remote');
        assert.equal(span.traceState, 'laptime=e2e,vendor=x');
        assert.deepStrictEqual(span.links, [
          {
            traceId: link.traceId,
            spanId: link.spanId,
            traceState: '',
            attributes: { 'link.reason': 'same cart' },
            droppedAttributesCount: 0,
            flags: LINK_FLAGS,
          },
        ]);
      }
      assert.ok(carts.every((s) => s.parentSpanId === null && s.flags === 0x101 && s.traceState === ''));
      assert.ok(carts.every((s) => s.links.length === 0));
      assert.deepStrictEqual(carts[0]!.dropped, {
        attributes: 0,
        events: 0,
        links: 0,
        resourceAttributes: 0,
      });
    });
  });
}
