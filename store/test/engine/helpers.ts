import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Row } from '../../src/row/types.js';

/** A fresh temporary directory for one test's store. */
export function tempDir(prefix = 'lt-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Overwrites two bytes at byte 1000 of a file of the store (inside its first page). */
export function damagePage(file: string): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from([0xde, 0xad]), 0, 2, 1000);
  fs.closeSync(fd);
}

/** Copies a data directory as a crash would leave it (every written byte, no lock). */
export function crashCopy(dir: string): string {
  const copy = tempDir('lt-crash-');
  fs.cpSync(dir, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'LOCK'), { force: true });
  return copy;
}

function id(bytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out[0] = (out[0]! | 1) & 0xff;
  return out;
}

export const BASE_NS = 1_763_700_000_000_000_000n;

export interface MakeRowOptions {
  service?: string;
  name?: string;
  startNs?: bigint;
  durationNs?: bigint;
  error?: boolean;
}

/** A small but complete row: every field set, attributes of several types, one event. */
export function makeRow(i: number, o: MakeRowOptions = {}): Row {
  const start = o.startNs ?? BASE_NS + BigInt(i) * 1_000_000n;
  const dur = o.durationNs ?? BigInt(1_000_000 + ((i * 7919) % 50_000_000));
  return {
    traceId: id(16, i >> 2),
    spanId: id(8, i + 1_000_000),
    parentSpanId: i % 4 === 0 ? null : id(8, i - 1 + 1_000_000),
    traceState: i % 5 === 0 ? 'vendor=x' : '',
    flags: 0x101,
    service: o.service ?? `svc-${i % 3}`,
    name: o.name ?? `op-${i % 7}`,
    kind: (i % 5) + 1,
    startTimeUnixNano: start,
    endTimeUnixNano: start + dur,
    statusCode: o.error ? 2 : i % 11 === 0 ? 1 : 0,
    statusMessage: o.error ? 'boom' : '',
    attributes: {
      'http.route': `/r/${i % 13}`,
      'http.status_code': BigInt(200 + (i % 3)),
      ratio: i / 7,
      ok: i % 2 === 0,
      tags: ['a', `t${i % 4}`],
      big: 9007199254740993n * (i % 2 === 0 ? 1n : -1n),
      blob: new Uint8Array([i & 0xff, 1, 2, 3]),
    },
    droppedAttributesCount: i % 3,
    events: [
      { timeUnixNano: start + 10n, name: 'tick', attributes: { n: BigInt(i) }, droppedAttributesCount: 0 },
    ],
    droppedEventsCount: 0,
    links:
      i % 6 === 0
        ? [
            {
              traceId: id(16, i + 7),
              spanId: id(8, i + 9),
              traceState: '',
              attributes: {},
              droppedAttributesCount: 0,
              flags: 1,
            },
          ]
        : [],
    droppedLinksCount: 0,
    resource: { 'service.name': o.service ?? `svc-${i % 3}`, 'host.name': 'web-1' },
    droppedResourceAttributesCount: 0,
    scopeName: 'laptime-test',
    scopeVersion: '1.0.0',
    scopeAttributes: {},
    droppedScopeAttributesCount: 0,
  };
}

export function makeRows(from: number, count: number, o: MakeRowOptions = {}): Row[] {
  return Array.from({ length: count }, (_, k) => makeRow(from + k, o));
}
