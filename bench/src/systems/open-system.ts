/**
 * Opens a measured system by name, with its data in `dir` (an empty directory). `walCompression`
 * is Laptime's option of that name; the peers have no counterpart.
 */
import { DuckdbSystem } from './duckdb.js';
import { LaptimeSystem } from './laptime.js';
import { PostgresSystem } from './postgres.js';
import { SqliteSystem } from './sqlite.js';
import type { SystemAdapter, SystemName } from './system.js';

export function openSystem(name: SystemName, dir: string, walCompression = false): Promise<SystemAdapter> {
  switch (name) {
    case 'laptime':
      return LaptimeSystem.open(dir, walCompression);
    case 'sqlite':
      return SqliteSystem.open(dir);
    case 'duckdb':
      return DuckdbSystem.open(dir);
    case 'postgres':
      // The cluster goes in a directory of its own, owned by the server's user.
      return PostgresSystem.open(dir);
  }
}
