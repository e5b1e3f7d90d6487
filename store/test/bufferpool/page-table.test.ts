import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_FILE_ID, MAX_PAGE_NO, PageTable } from '../../src/bufferpool/page-table.js';

test('maps pages to frames and forgets them on delete', () => {
  const table = new PageTable(4);

  table.set(1, 0, 3);
  table.set(2, 0, 1);
  table.set(MAX_FILE_ID - 1, MAX_PAGE_NO, 0);

  assert.equal(table.get(1, 0), 3);
  assert.equal(table.get(2, 0), 1);
  assert.equal(table.get(MAX_FILE_ID - 1, MAX_PAGE_NO), 0);
  assert.equal(table.get(1, 1), -1);
  assert.equal(table.size, 3);
  assert.equal(table.delete(1, 0), true);
  assert.equal(table.delete(1, 0), false);
  assert.equal(table.get(1, 0), -1);
  assert.equal(table.size, 2);
});

test('refuses a second mapping of a page and more pages than its capacity (pool bugs)', () => {
  const table = new PageTable(2);
  table.set(0, 0, 0);

  assert.throws(() => table.set(0, 0, 1), /already mapped/);
  table.set(0, 1, 1);
  assert.throws(() => table.set(0, 2, 0), /full/);
});

test('behaves like a Map under random sets and deletes at full capacity', () => {
  const seed = Number(process.env.LAPTIME_SEED ?? Date.now());
  console.log(`page table seed: ${seed}`);
  const capacity = 16;
  // Few files and pages so that keys collide and probe runs wrap around the table.
  const page = fc.tuple(fc.nat(3), fc.nat(40));
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), page), { maxLength: 400 }), (ops) => {
      const table = new PageTable(capacity);
      const model = new Map<string, number>();
      let nextFrame = 0;
      for (const [insert, [fileId, pageNo]] of ops) {
        const key = `${fileId}/${pageNo}`;
        if (insert && !model.has(key) && model.size < capacity) {
          table.set(fileId, pageNo, nextFrame);
          model.set(key, nextFrame++);
        } else {
          assert.equal(table.delete(fileId, pageNo), model.delete(key));
        }
        assert.equal(table.size, model.size);
      }
      for (let fileId = 0; fileId <= 3; fileId++)
        for (let pageNo = 0; pageNo <= 40; pageNo++)
          assert.equal(table.get(fileId, pageNo), model.get(`${fileId}/${pageNo}`) ?? -1);
    }),
    { seed },
  );
});
