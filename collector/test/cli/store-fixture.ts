/** A data directory filled with realistic spans through the store's own API, for the CLI tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Store } from '@laptime/store';
import { realisticRows } from '@laptime/store/testing';

/** A fresh directory holding `rows` realistic spans (seed fixed: same spans every run). */
export async function filledDataDir(rows: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'laptime-cli-test-'));
  const store = await Store.open(dir, { poolMB: 8 });
  await store.append(realisticRows(rows, { seed: 7, services: 3, names: 12 }));
  await store.close();
  return dir;
}
