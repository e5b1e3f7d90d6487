/**
 * One trace that uses every field and every value type OTLP has, including the doubles JSON
 * numbers cannot carry and ints beyond 2^53, spread over two resources and two scopes.
 */
import type { Row } from '@laptime/store';

const TRACE_ID = Uint8Array.from({ length: 16 }, (_, k) => 0x40 + k);
const START = 1_763_700_000_123_456_789n;

function spanId(n: number): Uint8Array {
  return Uint8Array.from({ length: 8 }, (_, k) => (k === 7 ? n : 0x10 + k));
}

/** The rows, in start order. */
export function everyTypeRows(): Row[] {
  const root: Row = {
    traceId: TRACE_ID,
    spanId: spanId(1),
    parentSpanId: null,
    traceState: 'vendor=a,other=b',
    flags: 0x101,
    service: 'checkout',
    name: 'GET /cart',
    kind: 2,
    startTimeUnixNano: START,
    endTimeUnixNano: START + 12_700_001n,
    statusCode: 2,
    statusMessage: 'payment declined',
    attributes: {
      'double.integral': 2,
      'int.small': 2n,
      'double.nan': NaN,
      'string.nan': 'NaN',
      'double.infinity': Infinity,
      'double.negative_infinity': -Infinity,
      'double.negative_zero': -0,
      'double.two_pow_63': 9223372036854775808,
      'double.tiny': 5e-324,
      'int.min': -(2n ** 63n),
      'int.max': 2n ** 63n - 1n,
      'bool.false': false,
      'string.empty': '',
      'string.unicode': 'é 🐱 日本',
      bytes: Uint8Array.from([0, 255, 128]),
      'bytes.empty': new Uint8Array(0),
      array: ['a', 1n, 1.5, true, null, [2n, [3]], { k: 'v' }],
      'array.empty': [],
      map: { nested: { deeper: [1n, 2.25] }, n: null },
      'map.empty': {},
      empty: null,
    },
    droppedAttributesCount: 3,
    events: [
      {
        timeUnixNano: START + 1_000n,
        name: 'exception',
        attributes: { 'exception.message': 'declined', code: 402n },
        droppedAttributesCount: 1,
      },
      { timeUnixNano: 0n, name: '', attributes: {}, droppedAttributesCount: 0 },
    ],
    droppedEventsCount: 4,
    links: [
      {
        traceId: Uint8Array.from({ length: 16 }, (_, k) => 0x80 + k),
        spanId: spanId(9),
        traceState: 'linked=1',
        attributes: { 'link.reason': 'retry', weight: 0.5 },
        droppedAttributesCount: 2,
        flags: 0x301,
      },
    ],
    droppedLinksCount: 5,
    resource: { 'service.name': 'checkout', 'host.cores': 8n, 'host.load': 1.0 },
    droppedResourceAttributesCount: 6,
    scopeName: 'laptime-test',
    scopeVersion: '1.2.3',
    scopeAttributes: { 'scope.tag': 'x', 'scope.weight': 3.0 },
    droppedScopeAttributesCount: 7,
    resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    scopeSchemaUrl: 'https://opentelemetry.io/schemas/1.24.0',
  };
  const sameResourceOtherScope: Row = {
    ...root,
    spanId: spanId(2),
    parentSpanId: spanId(1),
    traceState: '',
    flags: 0,
    name: 'SELECT cart',
    kind: 3,
    startTimeUnixNano: START + 10n,
    endTimeUnixNano: START + 10n,
    statusCode: 0,
    statusMessage: '',
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    scopeName: 'db',
    scopeVersion: '',
    scopeAttributes: {},
    droppedScopeAttributesCount: 0,
  };
  delete sameResourceOtherScope.scopeSchemaUrl;
  const otherResource: Row = {
    ...sameResourceOtherScope,
    spanId: spanId(3),
    parentSpanId: spanId(2),
    service: 'unknown_service',
    name: '',
    kind: 0,
    startTimeUnixNano: START + 20n,
    endTimeUnixNano: START + 30n,
    statusCode: 1,
    resource: {},
    droppedResourceAttributesCount: 0,
    scopeName: '',
  };
  delete otherResource.resourceSchemaUrl;
  return [root, sameResourceOtherScope, otherResource];
}
