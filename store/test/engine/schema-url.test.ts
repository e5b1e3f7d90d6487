import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../src/engine/store.js';
import { makeRow, tempDir } from './helpers.js';

test('schema URLs come back from fetch with the row, its service and name intact, also beyond the series cap', async () => {
  // Arrange: the cap sends most series to __overflow__, whose rows keep their names in the context.
  const dir = tempDir();
  const store = await Store.open(dir, { maxSeries: 2 });
  const rows = Array.from({ length: 6 }, (_, i) => ({
    ...makeRow(i, { service: `svc${i % 2}`, name: `n${i}` }),
    resourceSchemaUrl: `https://example.com/resource/${i}`,
    ...(i % 3 === 0 ? {} : { scopeSchemaUrl: `https://example.com/scope/${i}` }),
  }));

  // Act
  await store.append(rows);

  // Assert
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(store.fetch(i), rows[i]);
  await store.close();
  const again = await Store.open(dir);
  for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(again.fetch(i), rows[i]);
  await again.close();
});
