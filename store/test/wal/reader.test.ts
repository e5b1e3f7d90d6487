import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeDisk } from '../../src/io/disk.js';
import { ErrorCode } from '../../src/errors.js';
import type { WalReplay } from '../../src/wal/replay.js';
import { readWal } from '../../src/wal/reader.js';
import { Wal } from '../../src/wal/wal.js';
import { GatedDisk, readOnlyDisk } from './doubles.js';
import { payload, tempWalDir } from './fixtures.js';

/** Reads the log through a disk that throws on any change; returns the payloads and the stop. */
function readAll(dir: string, fromRow?: number): { payloads: Uint8Array[]; stop: unknown } {
  const payloads: Uint8Array[] = [];
  const replay: WalReplay = { fromRow, onRecord: (r) => payloads.push(new Uint8Array(r.payload)) };
  const { stop } = readWal({ dir, disk: readOnlyDisk() }, replay);
  return { payloads, stop };
}

test('a reader beside the writer sees the complete records and stops at one being written', async (t) => {
  const dir = tempWalDir(t);
  const gated = new GatedDisk();
  const { wal } = await Wal.open({ dir, disk: gated.disk });
  await wal.append(payload(0, 100), 0, 1);
  await wal.append(payload(1, 200), 1, 1);
  const file = path.join(dir, '0000000000000001.log');
  const midWrite = gated.holdNextWriteHalfway();
  const appending = wal.append(payload(2, 10_000), 2, 1);
  await midWrite.reached;
  const sizeMidWrite = fs.statSync(file).size;

  const during = readAll(dir);

  assert.deepEqual(during.payloads, [payload(0, 100), payload(1, 200)]);
  assert.deepEqual(during.stop, { file: 1, offset: 32 + 108 + 208, reason: 'past-end' });
  assert.equal(fs.statSync(file).size, sizeMidWrite, 'the reader changed nothing');
  midWrite.release();
  await appending;
  const after = readAll(dir);
  assert.deepEqual(after.payloads, [payload(0, 100), payload(1, 200), payload(2, 10_000)]);
  assert.equal(after.stop, undefined);
  await wal.close();
});

test('a reader starts at the file that holds fromRow', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk, fileBytes: 1000 });
  // Files hold rows [0, 40), [40, 80), [80, 100).
  for (let i = 0; i < 10; i++) await wal.append(payload(i, 300), i * 10, 10);

  const { payloads } = readAll(dir, 85);

  assert.deepEqual(payloads, [payload(8, 300), payload(9, 300)]);
  await wal.close();
});

test('a reader whose rows the writer has trimmed away gets ExpiredError', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk, fileBytes: 1000 });
  for (let i = 0; i < 10; i++) await wal.append(payload(i, 300), i * 10, 10);
  wal.trim(80);

  assert.throws(() => readAll(dir, 40), { code: ErrorCode.Expired });
  assert.equal(readAll(dir, 80).payloads.length, 2);
  await wal.close();
});

test('a reader of a log that does not exist yet reads nothing', (t) => {
  const dir = tempWalDir(t);

  assert.deepEqual(readAll(dir), { payloads: [], stop: undefined });
});

test('a file trimmed between the reader listing it and opening it is passed over', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk, fileBytes: 1000 });
  for (let i = 0; i < 10; i++) await wal.append(payload(i, 300), i * 10, 10);
  const listedBeforeTrim = fs.readdirSync(dir);
  wal.trim(80);
  const staleListing = { ...readOnlyDisk(), readdir: () => listedBeforeTrim };
  const payloads: Uint8Array[] = [];

  readWal(
    { dir, disk: staleListing },
    { fromRow: 80, onRecord: (r) => payloads.push(new Uint8Array(r.payload)) },
  );

  assert.deepEqual(payloads, [payload(8, 300), payload(9, 300)]);
  await wal.close();
});
