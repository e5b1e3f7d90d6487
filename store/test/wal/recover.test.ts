import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { nodeDisk } from '../../src/io/disk.js';
import { ErrorCode } from '../../src/errors.js';
import { Wal } from '../../src/wal/wal.js';
import type { WalDamage } from '../../src/wal/replay.js';
import {
  logFiles,
  openCollecting,
  payload,
  propertySeed,
  recover,
  tempWalDir,
  writeLog,
} from './fixtures.js';

const HEADER = 32;
const FRAME = 8;
const FILE_1 = '0000000000000001.log';
const FILE_2 = '0000000000000002.log';
const FILE_3 = '0000000000000003.log';

/** Nine 200-byte records over three files of three records each. */
async function threeFiles(dir: string): Promise<Uint8Array[]> {
  const records = Array.from({ length: 9 }, (_, i) => payload(i, 200));
  await writeLog({ dir, disk: nodeDisk, fileBytes: 500 }, records);
  assert.deepEqual(logFiles(dir), [FILE_1, FILE_2, FILE_3]);
  return records;
}

/** Writes `payloads` as one group (one fsync) into a single file. */
async function oneGroup(dir: string, payloads: readonly Uint8Array[]): Promise<void> {
  const { wal } = await Wal.open({ dir, disk: nodeDisk });
  await Promise.all(payloads.map((p, i) => wal.append(p, i, 1)));
  await wal.close();
}

test('a torn last record is cut at every byte offset, keeping exactly the complete records', async (t) => {
  const source = tempWalDir(t);
  const records = [payload(0, 100), payload(1, 200), payload(2, 50)];
  await writeLog({ dir: source, disk: nodeDisk }, records);
  const bytes = fs.readFileSync(path.join(source, FILE_1));
  const lastStart = HEADER + 2 * FRAME + 300;

  for (let cut = lastStart; cut < bytes.length; cut++) {
    const dir = tempWalDir(t);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, FILE_1), bytes.subarray(0, cut));

    const { payloads, recovery } = await recover({ dir, disk: nodeDisk });

    assert.deepEqual(payloads, records.slice(0, 2), `cut at ${cut}`);
    assert.equal(fs.statSync(path.join(dir, FILE_1)).size, lastStart, `cut at ${cut}`);
    const torn = cut - lastStart;
    assert.deepEqual(
      recovery.cut,
      torn === 0
        ? undefined
        : {
            file: 1,
            offset: lastStart,
            reason: torn < FRAME ? 'frame-header' : 'past-end',
            bytes: torn,
            deletedFiles: [],
          },
      `cut at ${cut}`,
    );
  }
});

test('a corrupt byte in a middle record is damage: refused with LT_CORRUPT naming it, nothing cut', async (t) => {
  const dir = tempWalDir(t);
  await threeFiles(dir);
  const second = path.join(dir, FILE_2);
  const bytes = fs.readFileSync(second);
  const corruptAt = HEADER + (FRAME + 200) + FRAME + 50;
  bytes[corruptAt]! ^= 0x10;
  fs.writeFileSync(second, bytes);
  const fileSizes = logFiles(dir).map((f) => fs.statSync(path.join(dir, f)).size);

  await assert.rejects(recover({ dir, disk: nodeDisk }), {
    code: ErrorCode.Corrupt,
    message: `WAL file ${FILE_2}: the record at byte ${HEADER + FRAME + 200} is damaged (checksum), and intact records follow (from ${FILE_2} byte ${HEADER + 2 * (FRAME + 200)}); nothing was cut`,
  });

  assert.deepEqual(logFiles(dir), [FILE_1, FILE_2, FILE_3]);
  assert.deepEqual(
    logFiles(dir).map((f) => fs.statSync(path.join(dir, f)).size),
    fileSizes,
  );
});

test('with onDamage, recovery skips exactly the damaged record and keeps every later one, then appends after them', async (t) => {
  const dir = tempWalDir(t);
  const records = await threeFiles(dir);
  const second = path.join(dir, FILE_2);
  const bytes = fs.readFileSync(second);
  // The length field of the fifth record: the frame cannot even be measured.
  bytes[HEADER + FRAME + 200 + 3]! ^= 0x7f;
  fs.writeFileSync(second, bytes);
  const damages: WalDamage[] = [];
  const payloads: Uint8Array[] = [];

  const { wal, recovery } = await Wal.open(
    { dir, disk: nodeDisk, fileBytes: 500 },
    { onRecord: (r) => payloads.push(new Uint8Array(r.payload)), onDamage: (d) => damages.push(d) },
  );
  await wal.append(payload(9, 10), 9, 1);
  await wal.close();

  assert.deepEqual(payloads, [...records.slice(0, 4), ...records.slice(5)]);
  assert.equal(recovery.cut, undefined);
  assert.deepEqual(damages, [
    {
      file: 2,
      offset: HEADER + FRAME + 200,
      reason: 'over-limit',
      resumeFile: 2,
      resumeOffset: HEADER + 2 * (FRAME + 200),
      bytes: FRAME + 200,
    },
  ]);
  const again = await openCollecting({ dir, disk: nodeDisk }, undefined, () => undefined);
  await again.wal.close();
  assert.deepEqual(again.payloads, [...records.slice(0, 4), ...records.slice(5), payload(9, 10)]);
});

test('a torn file header with intact files after it is damage, not a tail', async (t) => {
  const dir = tempWalDir(t);
  const records = await threeFiles(dir);
  const second = path.join(dir, FILE_2);
  const bytes = fs.readFileSync(second);
  bytes[20]! ^= 0x01;
  fs.writeFileSync(second, bytes);

  await assert.rejects(recover({ dir, disk: nodeDisk }), {
    code: ErrorCode.Corrupt,
    message: /0000000000000002\.log: its file header is damaged \(file-header\)/,
  });
  const skipped = await openCollecting({ dir, disk: nodeDisk }, undefined, () => undefined);
  await skipped.wal.close();
  assert.deepEqual(skipped.payloads, [...records.slice(0, 3), ...records.slice(6)]);
});

test('a torn file header (a crash while creating the file) deletes that file', async (t) => {
  const dir = tempWalDir(t);
  const records = await threeFiles(dir);
  fs.truncateSync(path.join(dir, FILE_3), 10);

  const { payloads, recovery } = await recover({ dir, disk: nodeDisk });

  assert.deepEqual(payloads, records.slice(0, 6));
  assert.deepEqual(recovery.cut, {
    file: 3,
    offset: 0,
    reason: 'file-header',
    bytes: 10,
    deletedFiles: [FILE_3],
  });
  assert.deepEqual(logFiles(dir), [FILE_1, FILE_2]);
});

test('a zero-filled file header (a crash after the size but before the data reached disk) is cut', async (t) => {
  const dir = tempWalDir(t);
  const records = await threeFiles(dir);
  fs.writeFileSync(path.join(dir, FILE_3), Buffer.alloc(4096));

  const { payloads, recovery } = await recover({ dir, disk: nodeDisk });

  assert.deepEqual(payloads, records.slice(0, 6));
  assert.deepEqual(recovery.cut?.deletedFiles, [FILE_3]);
});

test('a zero-filled tail is cut, not read as empty records', async (t) => {
  const dir = tempWalDir(t);
  const records = [payload(0, 10), payload(1, 20)];
  await writeLog({ dir, disk: nodeDisk }, records);
  fs.appendFileSync(path.join(dir, FILE_1), Buffer.alloc(4096));

  const { payloads, recovery } = await recover({ dir, disk: nodeDisk });

  assert.deepEqual(payloads, records);
  assert.equal(recovery.cut?.reason, 'empty-record');
  assert.equal(recovery.cut?.bytes, 4096);
});

test('a length field over maxRecordBytes ends the log', async (t) => {
  const dir = tempWalDir(t);
  await writeLog({ dir, disk: nodeDisk }, [payload(0, 10), payload(1, 2000)]);

  const { payloads, recovery } = await recover({ dir, disk: nodeDisk, maxRecordBytes: 1000 });

  assert.deepEqual(payloads, [payload(0, 10)]);
  assert.equal(recovery.cut?.reason, 'over-limit');
});

test('a file named like a log but not one is refused with CorruptError and left alone', async (t) => {
  const dir = tempWalDir(t);
  fs.mkdirSync(dir);
  const stray = path.join(dir, FILE_1);
  fs.writeFileSync(stray, 'these are somebody else’s bytes');

  await assert.rejects(Wal.open({ dir, disk: nodeDisk }), { code: ErrorCode.Corrupt });

  assert.equal(fs.readFileSync(stray, 'utf8'), 'these are somebody else’s bytes');
});

test('a log written by a newer format version is refused with FormatVersionError', async (t) => {
  const dir = tempWalDir(t);
  await writeLog({ dir, disk: nodeDisk }, [payload(0, 10)]);
  const file = path.join(dir, FILE_1);
  const bytes = fs.readFileSync(file);
  bytes.writeUInt16LE(2, 4);
  fs.writeFileSync(file, bytes);

  await assert.rejects(Wal.open({ dir, disk: nodeDisk }), { code: ErrorCode.FormatVersion });
});

test('a file renamed to another sequence number is refused with CorruptError', async (t) => {
  const dir = tempWalDir(t);
  await writeLog({ dir, disk: nodeDisk }, [payload(0, 10)]);
  fs.renameSync(path.join(dir, FILE_1), path.join(dir, FILE_2));

  await assert.rejects(Wal.open({ dir, disk: nodeDisk }), { code: ErrorCode.Corrupt });
});

test('a file missing from the middle of the log is refused with CorruptError', async (t) => {
  const dir = tempWalDir(t);
  await threeFiles(dir);
  fs.unlinkSync(path.join(dir, FILE_2));

  await assert.rejects(Wal.open({ dir, disk: nodeDisk }), { code: ErrorCode.Corrupt, message: /missing/ });
  assert.deepEqual(logFiles(dir), [FILE_1, FILE_3]);
});

test('recovering from a row below the oldest file is refused with CorruptError', async (t) => {
  const dir = tempWalDir(t);
  const { wal } = await Wal.open({ dir, disk: nodeDisk });
  await wal.append(payload(0, 10), 100, 1);
  await wal.close();

  await assert.rejects(Wal.open({ dir, disk: nodeDisk }, { fromRow: 50, onRecord: () => undefined }), {
    code: ErrorCode.Corrupt,
  });
});

const sizes = fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 12 });

test('property: cut at any offset, recovery keeps exactly the records that end before it', async (t) => {
  const seed = propertySeed();
  await fc.assert(
    fc.asyncProperty(sizes, fc.nat(), async (recordSizes, at) => {
      const dir = tempWalDir(t);
      const records = recordSizes.map((s, i) => payload(i, s));
      await oneGroup(dir, records);
      const file = path.join(dir, FILE_1);
      const cut = at % (fs.statSync(file).size + 1);
      fs.truncateSync(file, cut);

      const { payloads } = await recover({ dir, disk: nodeDisk });

      let end = HEADER;
      const complete = records.filter((r) => (end += FRAME + r.length) <= cut);
      assert.deepEqual(payloads, cut < HEADER ? [] : complete);
      assert.equal(fs.existsSync(file), cut >= HEADER);
    }),
    { seed, numRuns: 100 },
  );
});

test('property: a flipped byte in the last record cuts it; in any other, recovery refuses, or skips exactly that record', async (t) => {
  const seed = propertySeed();
  await fc.assert(
    fc.asyncProperty(sizes, fc.nat(), fc.integer({ min: 1, max: 255 }), async (recordSizes, at, flip) => {
      const dir = tempWalDir(t);
      const records = recordSizes.map((s, i) => payload(i, s));
      await oneGroup(dir, records);
      const file = path.join(dir, FILE_1);
      const bytes = fs.readFileSync(file);
      const index = HEADER + (at % (bytes.length - HEADER));
      bytes[index]! ^= flip;
      fs.writeFileSync(file, bytes);
      let end = HEADER;
      const damaged = records.findIndex((r) => (end += FRAME + r.length) > index);
      const others = records.filter((_, i) => i !== damaged);

      if (damaged === records.length - 1) {
        const { payloads } = await recover({ dir, disk: nodeDisk });
        assert.deepEqual(payloads, others);
        return;
      }
      await assert.rejects(recover({ dir, disk: nodeDisk }), { code: ErrorCode.Corrupt });
      assert.equal(fs.statSync(file).size, bytes.length);
      const skipped = await openCollecting({ dir, disk: nodeDisk }, undefined, () => undefined);
      await skipped.wal.close();
      assert.deepEqual(skipped.payloads, others);
    }),
    { seed, numRuns: 100 },
  );
});
